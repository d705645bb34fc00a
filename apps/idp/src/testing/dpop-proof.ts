// DPoP proofs (RFC 9449 §4) for tests, made with jose: what a BFF sends with a token request
// or an API call. Each field can be overridden, so a test can send a proof that is wrong in
// exactly one way.
import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';

/** The proof algorithms the dev IdP and the sample API accept. */
export type DpopAlg = 'ES256' | 'EdDSA';

/** A DPoP key pair with its public JWK and RFC 7638 thumbprint (the tokens' `cnf.jkt`). */
export interface DpopKey {
  alg: DpopAlg;
  privateKey: CryptoKey;
  /** Public members only: what goes into the proof's `jwk` header. */
  publicJwk: JWK;
  thumbprint: string;
}

/**
 * A fresh DPoP key pair: P-256 for `ES256`, Ed25519 for `EdDSA`.
 *
 * @example
 * ```ts
 * const key = await createDpopKey('EdDSA');
 * decodeJwt(tokens.access_token).cnf; // { jkt: key.thumbprint }
 * ```
 */
export async function createDpopKey(alg: DpopAlg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'EdDSA' ? { crv: 'Ed25519' } : {},
  );
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}

/** What a proof says; `htm` and `htu` are required, the rest defaults to a valid proof. */
export interface DpopProofClaims {
  htm: string;
  htu: string;
  /** The access token the proof goes with: `ath` = base64url(SHA-256(token)). */
  accessToken?: string;
  nonce?: string;
  /** Default a random UUID. */
  jti?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Header overrides (a wrong `typ`, another `jwk`). */
  header?: Record<string, unknown>;
  /** Claims over the computed ones (a wrong `ath`). */
  claims?: Record<string, unknown>;
}

/**
 * A DPoP proof JWT signed by `key`.
 *
 * @example
 * ```ts
 * const proof = await dpopProof(key, { htm: 'POST', htu: `${idp.issuer}/token` });
 * fetch(tokenUrl, { method: 'POST', headers: { dpop: proof }, body });
 * ```
 */
export function dpopProof(key: DpopKey, claims: DpopProofClaims): Promise<string> {
  const payload: Record<string, unknown> = {
    htm: claims.htm,
    htu: claims.htu,
    ...(claims.accessToken === undefined
      ? {}
      : { ath: createHash('sha256').update(claims.accessToken).digest('base64url') }),
    ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
    ...claims.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk, ...claims.header })
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(key.privateKey);
}
