import * as client from 'openid-client';
import { BffError } from '../errors/bff-error.ts';

type Operation = 'discovery' | 'code' | 'refresh' | 'client_credentials' | 'revocation' | 'par';

/** Token-endpoint answers that mean the IdP did not accept this client's credentials. */
const clientRefused = new Set(['invalid_client', 'unauthorized_client']);

/**
 * Said with a refused client: openid-client form-encodes `client_secret_basic` credentials
 * (RFC 6749 §2.3.1, `-` becomes `%2D`) and some IdPs do not decode them.
 */
export const clientAuthHint =
  'Check OIDC_CLIENT_ID and OIDC_CLIENT_SECRET; if the client id or secret has characters other than letters and digits, try OIDC_CLIENT_AUTH=client_secret_post.';

/**
 * The one boundary where openid-client and network failures become BFF errors. The IdP's
 * `error_description` is not copied into messages: it is the IdP's text, not ours, and some IdPs
 * echo request parameters in it.
 */
export function translateOidcError(error: unknown, operation: Operation): BffError {
  if (error instanceof BffError) return error;
  if (error instanceof client.ResponseBodyError || error instanceof ChallengedAnswer) {
    if (error.status >= 500) {
      return new BffError('idp_unavailable', {
        cause: error,
      });
    }
    if (clientRefused.has(error.error) && operation !== 'discovery') {
      return new BffError(
        operation === 'code' ? 'login_failed' : 'idp_error',
        `The identity provider did not accept this client (${error.error}). ${clientAuthHint}`,
        { cause: error },
      );
    }
    if (operation === 'refresh' && error.error === 'invalid_grant') {
      return new BffError('session_expired', {
        cause: error,
      });
    }
    return new BffError(
      operation === 'code' ? 'login_failed' : 'idp_error',
      `The identity provider refused the request (${safeCode(error.error)}).`,
      { cause: error },
    );
  }
  if (error instanceof client.AuthorizationResponseError) {
    return new BffError(
      'login_failed',
      `The identity provider refused the login (${safeCode(error.error)}).`,
      { cause: error },
    );
  }
  if (error instanceof client.ClientError) {
    // openid-client's own checks (state, nonce, ID token validation, bad responses).
    const code = error.code;
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return new BffError('idp_unavailable', 'The identity provider sent an unusable answer.', {
        cause: error,
      });
    }
    return new BffError(
      operation === 'code' ? 'login_failed' : 'idp_error',
      'The identity provider response failed validation.',
      { cause: error },
    );
  }
  // Network failures, timeouts (TypeError: fetch failed, AbortError/TimeoutError).
  return new BffError('idp_unavailable', 'The identity provider cannot be reached; try again.', {
    cause: error,
  });
}

/**
 * A token endpoint's `401` with `WWW-Authenticate` (RFC 6749 §5.2: how `invalid_client` is sent
 * to a client using Basic authentication), read like an error body: its OAuth code is in the
 * JSON body, or else in the challenge's `error` parameter.
 */
export class ChallengedAnswer extends Error {
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, cause: unknown) {
    super(`the identity provider answered ${status} (${error})`, { cause });
    this.status = status;
    this.error = error;
  }
}

/** `error` itself, or a WWW-Authenticate challenge as a {@link ChallengedAnswer}. */
export async function readChallenge(error: unknown): Promise<unknown> {
  if (!(error instanceof client.WWWAuthenticateChallengeError)) return error;
  const fromHeader = error.cause.find((challenge) => challenge.parameters.error)?.parameters.error;
  let fromBody: unknown;
  try {
    fromBody = ((await error.response.json()) as { error?: unknown }).error;
  } catch {
    fromBody = undefined;
  }
  // The body is the token endpoint's error response (RFC 6749 §5.2); the challenge only backs it.
  const code = (typeof fromBody === 'string' ? fromBody : fromHeader) ?? 'invalid_client';
  return new ChallengedAnswer(error.status, code, error);
}

/** An OAuth error code is `[\x20-\x21\x23-\x5B\x5D-\x7E]+`; anything else is not echoed. */
function safeCode(code: string): string {
  return /^[a-z_]{1,64}$/.test(code) ? code : 'error';
}
