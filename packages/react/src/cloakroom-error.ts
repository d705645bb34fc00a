import type { ApiErrorCode, BffErrorCode } from '@cloakroom/contract';

/**
 * The codes a Cloakroom BFF (and the sample API behind it) puts in `{ "error": code }`, plus the
 * two this library makes up: `network_error` (fetch itself failed, status 0) and `http_error`
 * (a failure answer without the contract's JSON). Unknown codes pass through as strings.
 *
 * @example
 * ```ts
 * const retryable: CloakroomErrorCode[] = ['upstream_timeout', 'network_error'];
 * ```
 */
export type CloakroomErrorCode =
  BffErrorCode | ApiErrorCode | 'network_error' | 'http_error' | (string & {});

/**
 * A failed call to the BFF or to `/api`, with the contract's stable `code` and the HTTP `status`.
 * Catch by `code`, not by message.
 *
 * @example
 * ```ts
 * try {
 *   await apiFetch('/api/notes', { method: 'POST', json: { text: '' } });
 * } catch (error) {
 *   if (error instanceof CloakroomError && error.code === 'invalid_note') showHint();
 *   else throw error;
 * }
 * ```
 */
export class CloakroomError extends Error {
  override name = 'CloakroomError';
  /** The stable code from the answer's `error` field. */
  readonly code: CloakroomErrorCode;
  /** The HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** With `step_up_required`: the `acr_values` to log in with ('' when only `maxAge` is asked). */
  declare readonly acrValues?: string;
  /** With `step_up_required`, when the API named one: the `max_age` to log in with. */
  declare readonly maxAge?: number;

  constructor(code: CloakroomErrorCode, status: number, message?: string, options?: ErrorOptions) {
    super(message || code, options);
    this.code = code;
    this.status = status;
  }
}

/**
 * A `401 step_up_required`: the API wants a stronger login for this call (RFC 9470). Pass it to
 * `useSession().stepUp(error)`, which logs in again with its `acrValues`/`maxAge` and returns.
 *
 * @example
 * ```ts
 * const needsStepUp: StepUpError['code'] = 'step_up_required';
 * ```
 */
export type StepUpError = CloakroomError & {
  readonly code: 'step_up_required';
  readonly acrValues: string;
};
