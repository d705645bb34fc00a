import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { jwkThumbprint } from '../crypto/jwk-thumbprint.ts';

/**
 * A DPoP key (RFC 9449) the BFF signs proofs with: Ed25519, chosen by measurement (signing is
 * the per-request cost of DPoP; see the bench's DPoP row). The private half never leaves the
 * server: it is kept sealed in the session (or derived from the secrets, for the client key).
 */
export interface DpopKey {
  privateKey: KeyObject;
  /** The public JWK that goes in every proof's header. */
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  /** RFC 7638 thumbprint of the public key: what a bound token's `cnf.jkt` names. */
  jkt: string;
}

/** A private key as the session keeps it (sealed with the rest of the session). */
export interface StoredDpopKey {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
}

function fromPrivate(privateKey: KeyObject): DpopKey {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x } as const;
  return { privateKey, publicJwk, jkt: jwkThumbprint(publicJwk) };
}

/**
 * A new key for a session.
 *
 * @example
 * const { key, stored } = newDpopKey(); // `stored` goes into the sealed session
 */
export function newDpopKey(): { key: DpopKey; stored: StoredDpopKey } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey & { x: string; d: string };
  return {
    key: fromPrivate(privateKey),
    stored: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d },
  };
}

/** The key a session stored. */
export function loadDpopKey(stored: StoredDpopKey): DpopKey {
  return fromPrivate(createPrivateKey({ key: { ...stored }, format: 'jwk' }));
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by its 32-byte seed. */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The key every instance with the same first secret derives alike (HKDF, its own label): the
 * client-credentials tokens, shared through the store, are bound to it, so any instance can
 * present them.
 *
 * @example
 * const clientKey = sharedDpopKey(options.secrets[0]);
 */
export function sharedDpopKey(secret: string): DpopKey {
  const seed = Buffer.from(hkdfSync('sha256', secret, 'cloakroom', 'dpop client key', 32));
  return fromPrivate(
    createPrivateKey({
      key: Buffer.concat([ed25519Pkcs8Prefix, seed]),
      format: 'der',
      type: 'pkcs8',
    }),
  );
}
