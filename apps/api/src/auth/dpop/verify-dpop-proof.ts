// One DPoP proof against the request it came with (RFC 9449 §4.3), stateless: the replay cache
// and the nonces are the caller's (see dpop-sender-constraint.ts).
import { createHash } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  jwtVerify,
  type JWK,
} from 'jose';
import { DPOP_ALGORITHMS, invalidDpopProof } from './dpop-challenge.ts';
import { htuMatches } from './htu-matches.ts';

/** A proof's `iat` may be this old, in seconds (and proofs are remembered this long). */
export const DPOP_MAX_AGE_SECONDS = 60;
/** ...and this far ahead of the API's clock, in seconds. */
export const DPOP_MAX_FUTURE_SECONDS = 5;
/** A `DPoP` header longer than this is refused unread (a P-256 proof is ~500 bytes). */
const MAX_PROOF_LENGTH = 4096;
/** Longest `jti` kept in the replay cache. */
const MAX_JTI_LENGTH = 256;

/** The request a proof must fit. */
export interface DpopRequest {
  /** The `DPoP` header as received (undefined when absent). */
  proof: string | undefined;
  method: string;
  /** `http://<Host header><path>`. */
  url: string;
  /** The access token of the `Authorization: DPoP` header (`ath` is its hash). */
  accessToken: string;
  /** Now, in milliseconds. */
  now: number;
}

/** What a valid proof says. */
export interface VerifiedDpopProof {
  /** RFC 7638 thumbprint of the proof's key: the token's `cnf.jkt` must equal it. */
  thumbprint: string;
  jti: string;
  iat: number;
  nonce?: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * Verifies a DPoP proof: one compact JWS with `typ: dpop+jwt`, an accepted `alg` (ES256,
 * EdDSA/Ed25519: never `none` or HMAC), signed by the public `jwk` it embeds (no private
 * members), `htm` = the method, `htu` = the URL (see {@link htuMatches}), `iat` within
 * [now − 60 s, now + 5 s], a `jti`, and `ath` = base64url(SHA-256(access token)). Throws the
 * API's `401 invalid_dpop_proof`.
 *
 * @example
 * ```ts
 * const proof = await verifyDpopProof({
 *   proof: ctx.get('dpop'), method: ctx.method, url: `http://${ctx.host}${ctx.path}`,
 *   accessToken, now: Date.now(),
 * });
 * if (claims.cnf?.jkt !== proof.thumbprint) throw dpopInvalidToken('...');
 * ```
 */
export async function verifyDpopProof(request: DpopRequest): Promise<VerifiedDpopProof> {
  const { proof } = request;
  if (!proof) throw invalidDpopProof('send a DPoP proof in the DPoP header');
  if (proof.length > MAX_PROOF_LENGTH) throw invalidDpopProof('the DPoP proof is too long');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch (err) {
    throw invalidDpopProof('the DPoP proof is not a JWT', err);
  }
  const jwk = header.jwk as JWK | undefined;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw invalidDpopProof('the DPoP proof has no jwk header');
  }
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) {
    throw invalidDpopProof('the DPoP proof jwk must be a public key');
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_ALGORITHMS],
      requiredClaims: ['jti', 'iat', 'htm', 'htu'],
      // iat is checked below with the API's own window; no exp in proofs.
      currentDate: new Date(request.now),
    }));
  } catch (err) {
    throw invalidDpopProof(describe(err), err);
  }
  const nowSeconds = request.now / 1000;
  const { jti, iat, htm, htu, ath, nonce } = payload as Record<string, unknown>;
  const problem = (() => {
    if (typeof jti !== 'string' || !jti || jti.length > MAX_JTI_LENGTH) return 'jti is not valid';
    if (typeof iat !== 'number') return 'iat is not a number';
    if (iat < nowSeconds - DPOP_MAX_AGE_SECONDS) return 'iat is too old';
    if (iat > nowSeconds + DPOP_MAX_FUTURE_SECONDS) return 'iat is in the future';
    if (htm !== request.method) return 'htm is not the request method';
    if (!htuMatches(htu, request.url)) return 'htu is not the request URL';
    const expectedAth = createHash('sha256').update(request.accessToken).digest('base64url');
    if (ath !== expectedAth) return 'ath is not the hash of the access token';
    if (nonce !== undefined && typeof nonce !== 'string') return 'nonce is not a string';
    return undefined;
  })();
  if (problem) throw invalidDpopProof(`the DPoP proof ${problem}`);
  return {
    thumbprint: await calculateJwkThumbprint(jwk),
    jti: jti as string,
    iat: iat as number,
    ...(typeof nonce === 'string' ? { nonce } : {}),
  };
}

function describe(err: unknown): string {
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the DPoP proof alg is not accepted';
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return 'the DPoP proof signature does not verify with its jwk';
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `the DPoP proof "${err.claim}" claim is not acceptable (${err.reason})`;
  }
  return 'the DPoP proof is not a valid JWT';
}
