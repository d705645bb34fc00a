/**
 * Every failure a client can see, by stable code. Clients branch on `code`, never on `message`.
 * The status travels with the code so one error handler can answer for every endpoint.
 */
export const errorStatus = {
  bad_request: 400,
  invalid_return_to: 400,
  invalid_callback: 400,
  login_transaction_missing: 400,
  login_failed: 400,
  invalid_path: 400,
  invalid_logout_token: 400,
  unauthenticated: 401,
  session_expired: 401,
  csrf: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  upstream_unavailable: 502,
  idp_error: 502,
  idp_unavailable: 503,
  session_store_unavailable: 503,
  upstream_timeout: 504,
} as const;

export type BffErrorCode = keyof typeof errorStatus;

/**
 * The one error family of the BFF: a stable `code`, its HTTP `status`, a human `message` that is
 * safe to show (it never carries a token, code or cookie value) and the underlying `cause` for logs.
 *
 * @example
 * throw new BffError('unauthenticated', 'Log in first.');
 */
export class BffError extends Error {
  readonly code: BffErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: BffErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'BffError';
    this.code = code;
    this.status = errorStatus[code];
    this.headers = options.headers ?? {};
  }

  /** The JSON body every client gets: `{ error, message }`. */
  toJSON(): { error: BffErrorCode; message: string } {
    return { error: this.code, message: this.message };
  }
}
