import type { ApiErrorCode, BffErrorCode } from '@cloakroom/contract';
import { CloakroomError } from '@cloakroom/react';

// Keyed by the contract's codes, so a code that no server sends cannot get a sentence here.
const messages: Partial<Record<BffErrorCode | ApiErrorCode | 'network_error', string>> = {
  unauthenticated: 'You are not logged in.',
  session_expired: 'Your session has expired.',
  csrf: 'The request was refused as a possible cross-site request.',
  upstream_unavailable: 'The notes service is unavailable right now.',
  upstream_timeout: 'The notes service took too long to answer.',
  idp_unavailable: 'The login service is unavailable right now.',
  session_store_unavailable: 'Sessions are unavailable right now.',
  rate_limited: 'Too many requests; wait a moment.',
  invalid_note: 'A note needs between 1 and 500 characters.',
  not_found: 'That note no longer exists.',
  step_up_required: 'This needs a second sign-in step.',
  network_error: 'The server could not be reached. Check your connection.',
};

/**
 * A sentence for the user about a failure, by the error's stable code; the server's own message
 * (or a generic one) for codes this app does not know.
 *
 * @example
 * ```ts
 * describeError(new CloakroomError('rate_limited', 429)); // 'Too many requests; wait a moment.'
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof CloakroomError) {
    return (
      messages[error.code as keyof typeof messages] ??
      `Something went wrong (${error.status}): ${error.message}`
    );
  }
  return 'Something went wrong.';
}
