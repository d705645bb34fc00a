// oidc-provider signs back-channel logout tokens with `typ: logout+jwt` and the payload of the
// OIDC spec. Real IdPs differ (`typ: JWT`, no `typ`; Entra-style `tid`), and a relying party
// must cope. oidc-provider has no hook for it, so the outgoing request is rewritten: the token
// is re-signed with the same private key, `kid` and `alg`, the requested `typ`, and the extra
// claims. Everything else in the payload stays as the provider made it.
import {
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { IdpBehaviour } from '../types.ts';
import type { SigningJwk } from './signing-keys.ts';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** How logout tokens leave the IdP. */
export interface LogoutTokenRewrite {
  typ: IdpBehaviour['logoutTokenTyp'];
  /** Claims added to the payload (e.g. `tid`). */
  extraClaims?: Record<string, string>;
  /** The provider's private keys, to re-sign with. */
  keys: SigningJwk[];
}

async function resign(token: string, rewrite: LogoutTokenRewrite): Promise<string> {
  const header = decodeProtectedHeader(token);
  const jwk = rewrite.keys.find((key) => key.kid === header.kid);
  const { typ: _typ, alg, ...rest } = header;
  if (!jwk || !alg) throw new Error('logout token signed with an unknown key');
  const payload: JWTPayload = { ...decodeJwt(token), ...rewrite.extraClaims };
  return new SignJWT(payload)
    .setProtectedHeader(
      rewrite.typ === 'absent' ? { ...rest, alg } : { ...rest, alg, typ: rewrite.typ },
    )
    .sign(await importJWK(jwk as JWK, alg));
}

/**
 * Wraps the provider's `fetch` so back-channel logout tokens go out as `rewrite` says. Without
 * anything to change, `fetch` itself is returned.
 *
 * @example
 * ```ts
 * new Provider(issuer, { fetch: rewriteLogoutTokens(loopbackFetch, { typ: 'JWT', keys }) });
 * ```
 */
export function rewriteLogoutTokens(fetch: Fetch, rewrite: LogoutTokenRewrite): Fetch {
  if (rewrite.typ === 'logout+jwt' && !rewrite.extraClaims) return fetch;
  return async (input, init) => {
    if (!(init?.body instanceof URLSearchParams) || !init.body.has('logout_token')) {
      return fetch(input, init);
    }
    const body = new URLSearchParams(init.body);
    body.set('logout_token', await resign(body.get('logout_token') ?? '', rewrite));
    return fetch(input, { ...init, body });
  };
}
