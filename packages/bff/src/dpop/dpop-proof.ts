import { createHash, randomBytes, sign } from 'node:crypto';
import type { DpopKey } from './dpop-key.ts';

/** What a proof binds: the request and, at a resource server, the access token. */
export interface ProofClaims {
  /** The HTTP method. */
  htm: string;
  /** The target URI without query and fragment (RFC 9449 §4.2). */
  htu: string;
  /** Presented with the proof; its hash becomes `ath`. */
  accessToken?: string | undefined;
  /** The server's `DPoP-Nonce`, when it asked for one. */
  nonce?: string | undefined;
}

/** Header (constant per key) and `ath` (constant per token) are made once, not per request. */
const headers = new WeakMap<DpopKey, string>();
let lastToken = '';
let lastAth = '';
/**
 * `jti`: unique without a random draw per proof — 128 random bits per process, then a counter
 * (RFC 9449 asks only for a value that will not repeat; measured: randomBytes per proof was
 * about a tenth of a proof's cost besides the signature).
 */
const jtiPrefix = randomBytes(16).toString('base64url');
let jtiCounter = 0;

/**
 * A DPoP proof JWT (RFC 9449 §4.2) signed with node:crypto directly: on the proxy path this is
 * the whole cost of DPoP, so nothing is done per request that can be done once (the header per
 * key, `ath` per token) and no async WebCrypto round trip is taken.
 *
 * @example
 * request.headers.dpop = dpopProof(key, { htm: 'GET', htu: 'https://api/x', accessToken });
 */
export function dpopProof(key: DpopKey, claims: ProofClaims, nowSeconds: number): string {
  let header = headers.get(key);
  if (header === undefined) {
    header = Buffer.from(
      JSON.stringify({ typ: 'dpop+jwt', alg: 'EdDSA', jwk: key.publicJwk }),
    ).toString('base64url');
    headers.set(key, header);
  }
  const payload: Record<string, string | number> = {
    jti: `${jtiPrefix}${(jtiCounter++).toString(36)}`,
    htm: claims.htm,
    htu: claims.htu,
    iat: nowSeconds,
  };
  if (claims.accessToken !== undefined) payload.ath = accessTokenHash(claims.accessToken);
  if (claims.nonce !== undefined) payload.nonce = claims.nonce;
  const signingInput = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign(null, Buffer.from(signingInput), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** base64url(SHA-256(token)): the same token on consecutive calls is hashed once. */
function accessTokenHash(token: string): string {
  if (token !== lastToken) {
    lastAth = createHash('sha256').update(token).digest('base64url');
    lastToken = token;
  }
  return lastAth;
}
