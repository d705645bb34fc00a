import type { ErrorBody } from './error-body.ts';

/**
 * The BFF's answer (`401`) when the API asks for a stronger login (RFC 9470
 * `insufficient_user_authentication`): log in again with these `acr_values` and `max_age`.
 *
 * @example
 * ```ts
 * const body: StepUpErrorBody = {
 *   error: 'step_up_required',
 *   message: 'This needs a stronger login.',
 *   acrValues: 'urn:cloakroom:acr:mfa',
 *   maxAge: 300,
 * };
 * ```
 */
export interface StepUpErrorBody extends ErrorBody<'step_up_required'> {
  /** The `acr_values` to log in with, space-separated as the API named them ('' when it named only a `max_age`). */
  acrValues: string;
  /** The `max_age` to log in with, in seconds, when the API named one. */
  maxAge?: number;
}
