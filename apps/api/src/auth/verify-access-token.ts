import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../api-error.ts';
import { JwksUnavailableError } from './jwks-source.ts';
import { tokenFingerprint } from './token-fingerprint.ts';

/** Who is calling, from a verified access token. */
export interface Principal {
  sub: string;
  /** Space-separated scopes ('' when the token has none). */
  scope: string;
  clientId?: string;
  /** The audience the token was checked against (this API's). */
  audience: string;
  /** See {@link tokenFingerprint}: which token this was, without the token. */
  tokenFingerprint: string;
  /** The token's `exp`, unix seconds. */
  expiresAt: number;
  claims: JWTPayload;
}

/** Asymmetric algorithms only: `none` and HMAC (a key the API could be tricked into) never pass. */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'];

/** Tolerated clock skew for exp/nbf/iat, in seconds: small, everything runs on one machine. */
export const CLOCK_TOLERANCE_SECONDS = 2;

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `the access token's "${err.claim}" claim is not acceptable (${err.reason})`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return 'the access token is signed with a refused alg';
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey
  ) {
    return 'the access token signature does not verify';
  }
  return 'the access token is not a valid JWT';
}

/**
 * Verifies RFC 9068 access tokens: signature against the IdP's keys, `typ` at+jwt, `iss`, `aud`,
 * `exp`/`nbf`. Throws {@link ApiError} `invalid_token` (401) or `jwks_unavailable` (503).
 *
 * @example
 * ```ts
 * const verify = createAccessTokenVerifier({ issuer, audience: 'api', keys: createJwksSource({ issuer }) });
 * const { sub } = await verify(bearerToken);
 * ```
 */
export function createAccessTokenVerifier(options: {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}): (token: string) => Promise<Principal> {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      return {
        sub: String(payload.sub),
        scope: typeof payload.scope === 'string' ? payload.scope : '',
        ...(typeof payload.client_id === 'string' ? { clientId: payload.client_id } : {}),
        audience: options.audience,
        tokenFingerprint: tokenFingerprint(token),
        // Required and checked by jwtVerify above.
        expiresAt: Number(payload.exp),
        claims: payload,
      };
    } catch (err) {
      if (err instanceof JwksUnavailableError) {
        throw new ApiError('jwks_unavailable', 503, 'the API cannot reach the IdP keys right now', {
          cause: err,
        });
      }
      if (err instanceof errors.JOSEError) {
        throw new ApiError('invalid_token', 401, describe(err), { cause: err });
      }
      throw err;
    }
  };
}
