import type { ApiErrorCode } from '@cloakroom/contract';

/**
 * An error the API answers with `{"error": code, "message": message}` (the contract's
 * `ApiErrorBody`) and `status`. Clients branch on the code, never on the message.
 *
 * @example
 * ```ts
 * throw new ApiError('invalid_note', 400, 'text must be 1 to 500 characters');
 * ```
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  /** The `WWW-Authenticate` challenge of a 401 when it says more than `invalid_token`. */
  readonly challenge: string | undefined;
  /** Response headers the answer carries over the defaults (a DPoP challenge, `DPoP-Nonce`). */
  readonly headers: Readonly<Record<string, string | string[]>>;
  constructor(code: ApiErrorCode, status: number, message: string, options?: ApiErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.challenge = options?.challenge;
    this.headers = options?.headers ?? {};
  }
}

/** What an {@link ApiError} carries besides code, status and message. */
export interface ApiErrorOptions extends ErrorOptions {
  challenge?: string;
  headers?: Record<string, string | string[]>;
}
