/** The stable error codes of the sample API; clients branch on these, never on messages. */
export type ApiErrorCode =
  | 'invalid_token'
  | 'jwks_unavailable'
  | 'invalid_note'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'server_error';

/**
 * An error the API answers with `{"error": code, "message": message}` and `status`.
 *
 * @example
 * ```ts
 * throw new ApiError('invalid_note', 400, 'text must be 1 to 500 characters');
 * ```
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  constructor(code: ApiErrorCode, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}
