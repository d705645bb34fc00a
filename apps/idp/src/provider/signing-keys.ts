// Keys are generated at every start and never persisted. Everything that could outlive them
// lives in this process's memory too (sessions, grants, refresh tokens), so a restart logs every
// user out anyway; relying parties re-read the JWKS on an unknown `kid` (jose's
// createRemoteJWKSet does), so a new key costs nothing and no private key lands on disk.
// Synchronous (node:crypto rather than jose) so that createIdp() can stay synchronous.
// One key per algorithm, and only the algorithms in use: RS256 always (access tokens for the
// sample API), plus the ID token's algorithm when it is another one.
import { createHash, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { IdpBehaviour } from '../types.ts';

/** A JWS algorithm the dev IdP signs with. */
export type SigningAlg = IdpBehaviour['idTokenAlg'];

/** A private JWK as oidc-provider's `jwks` option takes it. */
export type SigningJwk = JsonWebKey & { kid: string; alg: SigningAlg; use: 'sig' };

/** RFC 7638 thumbprint: a `kid` that names the key, not a random label. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function generatePrivateKey(alg: SigningAlg): KeyObject {
  switch (alg) {
    case 'RS256':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
  }
}

/**
 * The provider's JWKS: an RS256 key (every client library's default), and a key for
 * `idTokenAlg` when it is not RS256.
 *
 * @example
 * ```ts
 * new Provider(issuer, { jwks: generateSigningKeys('ES256'), ... });
 * ```
 */
export function generateSigningKeys(idTokenAlg: SigningAlg = 'RS256'): { keys: SigningJwk[] } {
  const algs: SigningAlg[] = idTokenAlg === 'RS256' ? ['RS256'] : ['RS256', idTokenAlg];
  return {
    keys: algs.map((alg) => {
      const jwk = generatePrivateKey(alg).export({ format: 'jwk' });
      return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
    }),
  };
}
