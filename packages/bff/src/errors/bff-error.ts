import { errorCatalog, type BffErrorCode, type ErrorBody } from '@cloakroom/contract';

/** What a {@link BffError} carries besides its code and message. */
export interface BffErrorOptions {
  cause?: unknown;
  headers?: Record<string, string>;
}

/**
 * The one error family of the BFF: a stable `code`, its HTTP `status`, a human `message` that is
 * safe to show (it never carries a token, code or cookie value) and the underlying `cause` for logs.
 * Status and default message come from the contract's `errorCatalog`; a call site gives its own
 * message only when it says more than the default.
 *
 * @example
 * ```ts
 * throw new BffError('unauthenticated');
 * throw new BffError('csrf', 'Cross-site requests are refused.');
 * throw new BffError('session_store_unavailable', { cause });
 * ```
 */
export class BffError extends Error {
  readonly code: BffErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: BffErrorCode, options?: BffErrorOptions);
  constructor(code: BffErrorCode, message: string, options?: BffErrorOptions);
  constructor(
    code: BffErrorCode,
    messageOrOptions?: string | BffErrorOptions,
    maybeOptions?: BffErrorOptions,
  ) {
    const [message, options = {}] =
      typeof messageOrOptions === 'object'
        ? [undefined, messageOrOptions]
        : [messageOrOptions, maybeOptions];
    super(message ?? errorCatalog[code].message, { cause: options.cause });
    this.name = 'BffError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.headers = options.headers ?? {};
  }

  /** The JSON body every client gets: `{ error, message }`. */
  toJSON(): ErrorBody {
    return { error: this.code, message: this.message };
  }
}
