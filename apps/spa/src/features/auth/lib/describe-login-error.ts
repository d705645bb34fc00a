import type { BffErrorCode } from '@cloakroom/contract';
import type { LoginError } from '@cloakroom/react';

// Both values come from the address bar, where anyone can write anything: only these known
// codes choose a sentence, and neither value is ever shown itself.
const byCode: Partial<Record<BffErrorCode, string>> = {
  idp_unavailable: 'The sign-in service is not reachable right now. Try again in a moment.',
  login_transaction_missing: 'The sign-in took too long or was started in another tab. Try again.',
  invalid_callback: 'The answer from the sign-in service could not be checked. Try again.',
  insufficient_user_authentication:
    'The sign-in did not reach the level this action needs (such as the one-time code). Try again.',
};

const clientSettings =
  "The identity provider did not accept this application's credentials — an administrator should check the client settings.";
const signInThere = 'The identity provider needs you to sign in on its own page first.';

// The IdP's OAuth error codes (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6).
const byDetail: Record<string, string> = {
  access_denied: 'You declined the sign-in.',
  unauthorized_client: clientSettings,
  invalid_client: clientSettings,
  invalid_scope:
    'The identity provider did not accept the permissions this application asks for — an administrator should check the scope settings.',
  login_required: signInThere,
  interaction_required: signInThere,
  consent_required: signInThere,
  server_error: 'The identity provider had a problem. Try again in a moment.',
  temporarily_unavailable: 'The identity provider is busy. Try again in a moment.',
};

const failed = 'Sign-in did not complete.';

/**
 * The sentence a user reads about a failed login, chosen by the BFF's `login_error` code and,
 * for `login_failed`, the IdP's `login_error_detail`; a generic one for anything unknown.
 *
 * @example
 * ```ts
 * describeLoginError({ code: 'login_failed', detail: 'access_denied' });
 * // 'Sign-in did not complete. You declined the sign-in.'
 * ```
 */
export function describeLoginError({ code, detail }: LoginError): string {
  if (code === 'login_failed') {
    const why = detail !== undefined && Object.hasOwn(byDetail, detail) ? byDetail[detail] : '';
    return why ? `${failed} ${why}` : `${failed} The identity provider refused it. Try again.`;
  }
  return (Object.hasOwn(byCode, code) && byCode[code as BffErrorCode]) || `${failed} Try again.`;
}
