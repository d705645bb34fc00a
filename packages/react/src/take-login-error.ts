/**
 * A login that fails on a browser navigation does not end on a JSON page: the BFF sends the
 * browser back to `returnTo` with `login_error=<code>`: the IdP's OAuth code when it refused
 * (`access_denied`, `login_required`, …), else the BFF's own. This reads it once and takes it
 * out of the address bar, so a reload or a shared link does not show the failure again.
 */
import type { BffErrorCode } from '@cloakroom/contract';

/**
 * The codes the BFF puts in `login_error`: its own, or the IdP's OAuth code when the IdP refused
 * (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6); anything else passes through as a string,
 * for the app to describe generically.
 *
 * @example
 * ```ts
 * const quiet: LoginErrorCode[] = ['login_required', 'interaction_required'];
 * ```
 */
export type LoginErrorCode =
  | Extract<
      BffErrorCode,
      | 'idp_unavailable'
      | 'login_failed'
      | 'login_transaction_missing'
      | 'invalid_callback'
      | 'invalid_prompt'
      | 'invalid_acr_values'
      | 'invalid_max_age'
      | 'insufficient_user_authentication'
    >
  | 'access_denied'
  | 'login_required'
  | 'interaction_required'
  | 'consent_required'
  | (string & {});

/**
 * A failed login, as the BFF reported it in the URL. `code` comes from the address bar: show a
 * message chosen by it, never the value itself as markup.
 *
 * @example
 * ```ts
 * const failure: LoginError = { code: 'access_denied' };
 * ```
 */
export interface LoginError {
  /** The BFF's stable code (`idp_unavailable`) or the IdP's (`access_denied`). */
  code: LoginErrorCode;
  /**
   * `true` when it was a silent login (`prompt=none`, see `silentLogin`) that failed: the user
   * asked for nothing, so an app shows no message and stays anonymous.
   */
  silent?: true;
}

// A query part that names the parameter, however its name is percent-encoded.
const isLoginErrorPart = (part: string) => new URLSearchParams(part).has('login_error');

/**
 * Reads `login_error` from the current URL and removes it with `history.replaceState` (the
 * history entry's state and every other parameter kept as they were); `undefined` when there is
 * none. {@link CloakroomProvider} calls it once when it mounts and offers the result as
 * `useSession().loginError`.
 *
 * @example
 * ```ts
 * // at /notes?login_error=access_denied
 * takeLoginError(); // { code: 'access_denied' }; the URL is now /notes
 * takeLoginError(); // undefined
 * ```
 */
export function takeLoginError(): LoginError | undefined {
  if (typeof location == 'undefined') return undefined;
  const { pathname, search, hash } = location;
  const code = new URLSearchParams(search).get('login_error');
  if (code == null) return undefined;
  // Filtered by hand rather than re-serialised, so the other parameters keep their spelling.
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part && !isLoginErrorPart(part));
  history.replaceState(history.state, '', pathname + (kept[0] ? '?' + kept.join('&') : '') + hash);
  return code ? { code } : undefined;
}
