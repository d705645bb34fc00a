// The API's DPoP refusals (RFC 9449 §7.1, §9): a 401 whose `WWW-Authenticate` names the DPoP
// scheme, the error and the algorithms it accepts, and the API's JSON error body.
import { ApiError } from '../../api-error.ts';

/** The proof algorithms the API accepts: ES256 and EdDSA over Ed25519 (also named `Ed25519`). */
export const DPOP_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519'] as const;

const challenge = (error: string) => `DPoP error="${error}", algs="${DPOP_ALGORITHMS.join(' ')}"`;

/**
 * `401 invalid_dpop_proof`: the `DPoP` header is missing, malformed, or does not fit the request.
 *
 * @example
 * ```ts
 * throw invalidDpopProof('the proof htm is not the request method');
 * ```
 */
export function invalidDpopProof(message: string, cause?: unknown): ApiError {
  return new ApiError('invalid_dpop_proof', 401, message, {
    headers: { 'WWW-Authenticate': challenge('invalid_dpop_proof') },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * `401 invalid_token` under the DPoP scheme: the token itself is bad, or not bound to the key
 * that signed the proof.
 *
 * @example
 * ```ts
 * throw dpopInvalidToken('the access token is not bound to the proof key');
 * ```
 */
export function dpopInvalidToken(message: string): ApiError {
  return new ApiError('invalid_token', 401, message, {
    headers: { 'WWW-Authenticate': challenge('invalid_token') },
  });
}

/**
 * `401 use_dpop_nonce` with the nonce to retry with (RFC 9449 §9).
 *
 * @example
 * ```ts
 * throw useDpopNonce(nonces.current());
 * ```
 */
export function useDpopNonce(nonce: string, message: string): ApiError {
  return new ApiError('use_dpop_nonce', 401, message, {
    headers: { 'WWW-Authenticate': challenge('use_dpop_nonce'), 'DPoP-Nonce': nonce },
  });
}

/**
 * `401 invalid_token` for a DPoP-bound token sent as `Bearer`: both challenges, so a client
 * learns that this API takes DPoP (RFC 9449 §7.2).
 *
 * @example
 * ```ts
 * if (claims.cnf) throw boundTokenAsBearer();
 * ```
 */
export function boundTokenAsBearer(): ApiError {
  return new ApiError(
    'invalid_token',
    401,
    'this access token is DPoP-bound: send it as Authorization: DPoP <token> with a DPoP proof',
    {
      headers: {
        'WWW-Authenticate': [
          'Bearer error="invalid_token"',
          `DPoP algs="${DPOP_ALGORITHMS.join(' ')}"`,
        ],
      },
    },
  );
}
