import type { ErrorBody } from './error-body.ts';

/**
 * The sample API's stable error codes. The BFF passes the API's error answers through as they
 * are, so a client behind `/api` sees these next to the BFF's own codes.
 *
 * @example
 * ```ts
 * const code: ApiErrorCode = 'invalid_note';
 * ```
 */
export type ApiErrorCode =
  | 'invalid_token'
  | 'insufficient_user_authentication'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'jwks_unavailable'
  | 'invalid_note'
  | 'invalid_json'
  | 'invalid_interval'
  | 'upgrade_required'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'server_error';

/**
 * An error answer of the sample API (and so of `/api/...` when the API itself refused).
 *
 * @example
 * ```ts
 * const body: ApiErrorBody = { error: 'server_error', message: 'the API failed unexpectedly' };
 * ```
 */
export type ApiErrorBody = ErrorBody<ApiErrorCode>;
