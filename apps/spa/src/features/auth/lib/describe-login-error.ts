import type { LoginError, LoginErrorCode } from '@cloakroom/react';

// The code comes from the address bar, where anyone can write anything: only these known codes
// choose a sentence, and the value itself is never shown.

const unavailable = 'The sign-in service is not reachable right now. Try again in a moment.';
const signInThere = 'You are not signed in at the sign-in service. Sign in to continue.';
const clientSettings =
  "The identity provider did not accept this application's credentials — an administrator should check the client settings.";

// The BFF's own codes, and the IdP's OAuth codes it passes on (RFC 6749 §4.1.2.1, OpenID
// Connect Core §3.1.2.6).
const byCode: Partial<Record<LoginErrorCode, string>> = {
  // The user pressed Cancel at the IdP, or declined what this application asked for.
  access_denied: 'Sign-in was cancelled, so you are not signed in. Sign in whenever you are ready.',
  consent_required:
    'The sign-in service needs your permission for this application first. Sign in to give it.',
  login_required: signInThere,
  interaction_required: signInThere,
  idp_unavailable: unavailable,
  temporarily_unavailable: unavailable,
  server_error: 'The sign-in service had a problem. Try again in a moment.',
  // The login cookie expired (a sign-in left open too long), or the back button replayed one.
  login_transaction_missing:
    'This sign-in attempt expired or was already used (going back to it does that). Try again.',
  invalid_callback: 'The answer from the sign-in service could not be checked. Try again.',
  login_failed: 'Sign-in did not complete. The identity provider refused it. Try again.',
  // A step-up login whose ID token lacks the `acr` or the recent `auth_time` it asked for.
  insufficient_user_authentication:
    'The sign-in did not reach the level this action needs (such as the one-time code). Try again.',
  unauthorized_client: clientSettings,
  invalid_client: clientSettings,
  invalid_scope:
    'The identity provider did not accept the permissions this application asks for — an administrator should check the scope settings.',
};

/**
 * The sentence a user reads about a failed login, chosen by its `login_error` code (the BFF's,
 * or the IdP's when it refused); a generic one for anything unknown.
 *
 * @example
 * ```ts
 * describeLoginError({ code: 'access_denied' });
 * // 'Sign-in was cancelled, so you are not signed in. Sign in whenever you are ready.'
 * ```
 */
export function describeLoginError({ code }: LoginError): string {
  return (Object.hasOwn(byCode, code) && byCode[code]) || 'Sign-in did not complete. Try again.';
}
