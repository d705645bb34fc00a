import { fetchJson, type Fetched } from './fetch-json.ts';

/** What the doctor read from the IdP: the discovery document, then the JWKS it names. */
export interface IdpDocuments {
  discovery: Fetched;
  /** Absent when discovery failed or named no usable jwks_uri (the checks say which). */
  jwks?: Fetched;
}

/**
 * The OpenID discovery URL of `issuer` (OIDC Discovery §4: the path appended, one slash).
 *
 * @example
 * discoveryUrlOf('https://idp.example/tenant/'); // 'https://idp.example/tenant/.well-known/openid-configuration'
 */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Reads the discovery document and JWKS, each within its own timeout.
 *
 * @example
 * const documents = await fetchIdp('http://127.0.0.1:4000');
 */
export async function fetchIdp(issuer: string, timeoutMs?: number): Promise<IdpDocuments> {
  const discovery = await fetchJson(discoveryUrlOf(issuer), timeoutMs);
  if (!discovery.ok) return { discovery };
  const jwksUri = discovery.body.jwks_uri;
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) return { discovery };
  return { discovery, jwks: await fetchJson(jwksUri, timeoutMs) };
}
