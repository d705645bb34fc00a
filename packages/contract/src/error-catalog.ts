/**
 * Every failure the BFF answers with `{ "error": code, "message": ... }`, by stable code: its
 * HTTP status and the message it sends unless the call site says something more precise.
 * Clients branch on the code, never on the message; the status travels with the code so one
 * error handler can answer for every endpoint.
 *
 * @example
 * ```ts
 * errorCatalog.unauthenticated.status; // 401
 * errorCatalog.csrf.message; // 'This request needs the X-CSRF: 1 header.'
 * ```
 */
export const errorCatalog = {
  bad_request: { status: 400, message: 'The request could not be understood.' },
  invalid_return_to: {
    status: 400,
    message: 'returnTo must be a path on this site, such as /notes.',
  },
  invalid_callback: { status: 400, message: 'The login response is missing a valid state.' },
  login_transaction_missing: {
    status: 400,
    message: 'This login was not started here, has expired, or was already used; start again.',
  },
  login_failed: { status: 400, message: 'The identity provider refused the login.' },
  invalid_acr_values: {
    status: 400,
    message: 'acr_values must be up to 10 space-separated values of printable characters.',
  },
  invalid_max_age: {
    status: 400,
    message: 'max_age must be a whole number of seconds, at most a year.',
  },
  invalid_prompt: {
    status: 400,
    message: 'prompt must be one of none, login, consent or select_account.',
  },
  insufficient_user_authentication: {
    status: 400,
    message: 'The login did not reach the level of authentication that was asked for.',
  },
  invalid_path: { status: 400, message: 'The request path is not allowed.' },
  upgrade_not_allowed: {
    status: 400,
    message: 'This path does not accept WebSocket upgrades.',
  },
  invalid_logout_token: { status: 400, message: 'Invalid logout token.' },
  unauthenticated: { status: 401, message: 'There is no session; log in first.' },
  session_expired: { status: 401, message: 'Your session has ended; log in again.' },
  step_up_required: {
    status: 401,
    message: 'This action needs a stronger login; log in again with the level it names.',
  },
  csrf: { status: 403, message: 'This request needs the X-CSRF: 1 header.' },
  not_found: { status: 404, message: 'Nothing here.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Unsupported content type.' },
  rate_limited: {
    status: 429,
    message: 'Too many login attempts from this address; try again shortly.',
  },
  too_many_connections: {
    status: 429,
    message: 'Too many live connections are open; close one and try again.',
  },
  internal: { status: 500, message: 'Something went wrong on our side.' },
  upstream_unavailable: { status: 502, message: 'The API cannot be reached.' },
  idp_error: { status: 502, message: 'The identity provider refused the request.' },
  idp_unavailable: { status: 503, message: 'The identity provider failed; try again.' },
  session_store_unavailable: { status: 503, message: 'The session store is unavailable.' },
  upstream_timeout: { status: 504, message: 'The API did not answer in time.' },
} as const satisfies Record<string, { status: number; message: string }>;

/**
 * One of the BFF's stable error codes (a key of {@link errorCatalog}).
 *
 * @example
 * ```ts
 * const code: BffErrorCode = 'session_expired';
 * ```
 */
export type BffErrorCode = keyof typeof errorCatalog;
