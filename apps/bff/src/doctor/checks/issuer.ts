import { fail, ok, type Finding } from '../finding.ts';
import { isLoopback, stringField, type Metadata } from './metadata.ts';

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The discovery document's `issuer` must be the one configured: ID tokens are checked against
 * it. Entra's multi-tenant documents publish a `{tenantid}` template instead, which the BFF
 * fills from each token's `tid`.
 *
 * @example
 * checkIssuer({ issuer: 'https://idp.example' }, 'https://idp.example/'); // [ok]
 */
export function checkIssuer(metadata: Metadata, issuer: string): Finding[] {
  const published = stringField(metadata, 'issuer');
  if (published === undefined) {
    return [fail('issuer', 'issuer: the discovery document has no issuer')];
  }
  if (published.includes('{tenantid}')) {
    return [
      ok(
        'issuer',
        `issuer: tenant-independent issuer template (${published}), tokens checked against their tid`,
      ),
    ];
  }
  if (published === issuer) return [ok('issuer', `issuer: ${published}`)];
  if (withoutTrailingSlash(published) === withoutTrailingSlash(issuer)) {
    return [
      ok('issuer', `issuer: ${published} (differs only by a trailing slash; use it exactly)`),
    ];
  }
  return [
    fail(
      'issuer',
      `issuer: the IdP says ${published}, not ${issuer}; set OIDC_ISSUER to the IdP's issuer exactly`,
    ),
  ];
}

/** The URL-valued fields of a discovery document: every `*_endpoint` and `jwks_uri`. */
function urlFields(metadata: Metadata): [string, string][] {
  return Object.keys(metadata)
    .filter((name) => name.endsWith('_endpoint') || name === 'jwks_uri')
    .flatMap((name) => {
      const value = stringField(metadata, name);
      return value === undefined ? [] : [[name, value] as [string, string]];
    });
}

/**
 * Tokens and the client's credentials travel to these URLs: each must be https, except on a
 * loopback host (a development IdP).
 *
 * @example
 * checkHttps({ token_endpoint: 'http://idp.example/token' }, 'https://idp.example'); // [fail naming token_endpoint]
 */
export function checkHttps(metadata: Metadata, issuer: string): Finding[] {
  const urls: [string, string][] = [['issuer', issuer], ...urlFields(metadata)];
  const bad: string[] = [];
  let loopbackHttp = false;
  for (const [name, value] of urls) {
    // A required endpoint that is not a URL fails among the endpoints; reported once, there.
    if (!URL.canParse(value)) continue;
    const url = new URL(value);
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && isLoopback(url)) {
      loopbackHttp = true;
      continue;
    }
    bad.push(`${name} (${value})`);
  }
  if (bad.length > 0) {
    return [fail('https', `https: required outside loopback, not met by ${bad.join(', ')}`)];
  }
  return [
    ok(
      'https',
      loopbackHttp
        ? 'https: plain http on loopback only (fine for development)'
        : 'https: issuer and every endpoint',
    ),
  ];
}
