// Keys are generated at every start and never persisted. Everything that could outlive them
// lives in this process's memory too (sessions, grants, refresh tokens), so a restart logs every
// user out anyway; relying parties re-read the JWKS on an unknown `kid` (jose's
// createRemoteJWKSet does), so a new key costs nothing and no private key lands on disk.
// Synchronous (node:crypto rather than jose) so that createIdp() can stay synchronous.
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';

/** A private JWK as oidc-provider's `jwks` option takes it. */
export type SigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

/** RFC 7638 thumbprint of an RSA key: a `kid` that names the key, not a random label. */
function rsaThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The provider's JWKS: one RS256 signing key (RS256 is every client library's default).
 *
 * @example
 * ```ts
 * new Provider(issuer, { jwks: generateSigningKeys(), ... });
 * ```
 */
export function generateSigningKeys(): { keys: SigningJwk[] } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: rsaThumbprint(jwk), alg: 'RS256', use: 'sig' }] };
}
