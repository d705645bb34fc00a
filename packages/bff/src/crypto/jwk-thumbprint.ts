import { createHash, type JsonWebKey } from 'node:crypto';

/**
 * The RFC 7638 thumbprint of a public JWK: the required members in lexicographic order, no
 * whitespace, SHA-256, base64url. Names a key by itself: a client key's `kid`, a DPoP key's
 * `jkt` (what a bound token's `cnf.jkt` says).
 *
 * @example
 * jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '…' }); // '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I'
 */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
