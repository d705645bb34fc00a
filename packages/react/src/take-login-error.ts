/**
 * A login that fails on a browser navigation does not end on a JSON page: the BFF sends the
 * browser back to `returnTo` with `login_error=<code>` (and `login_error_detail=<IdP code>` when
 * the IdP gave one). This reads them once and takes them out of the address bar, so a reload or a
 * shared link does not show the failure again.
 */
import type { BffErrorCode } from '@cloakroom/contract';

/**
 * The codes the BFF puts in `login_error`; anything else passes through as a string, for the
 * app to describe generically.
 *
 * @example
 * ```ts
 * const retry: LoginErrorCode[] = ['idp_unavailable', 'login_transaction_missing'];
 * ```
 */
export type LoginErrorCode =
  | Extract<
      BffErrorCode,
      'idp_unavailable' | 'login_failed' | 'login_transaction_missing' | 'invalid_callback'
    >
  | (string & {});

/**
 * A failed login, as the BFF reported it in the URL. Both values come from the address bar:
 * show a message chosen by `code` (and `detail`), never the values themselves as markup.
 *
 * @example
 * ```ts
 * const failure: LoginError = { code: 'login_failed', detail: 'access_denied' };
 * ```
 */
export interface LoginError {
  /** The BFF's stable code, e.g. `idp_unavailable`. */
  code: LoginErrorCode;
  /** The IdP's OAuth error code (`access_denied`, `invalid_client`, …), when there is one. */
  detail?: string;
}

// A query part that names one of the two parameters, however its name is percent-encoded.
const isLoginErrorPart = (part: string) =>
  /^login_error(_detail)?$/.test([...new URLSearchParams(part).keys()][0] ?? '');

/**
 * Reads `login_error` and `login_error_detail` from the current URL and removes both with
 * `history.replaceState` (the history entry's state and every other parameter kept as they
 * were). `undefined` when there is no `login_error`; a lone detail is removed all the same.
 * {@link CloakroomProvider} calls it once when it mounts and offers the result as
 * `useSession().loginError`.
 *
 * @example
 * ```ts
 * // at /notes?login_error=login_failed&login_error_detail=access_denied
 * takeLoginError(); // { code: 'login_failed', detail: 'access_denied' }; the URL is now /notes
 * takeLoginError(); // undefined
 * ```
 */
export function takeLoginError(): LoginError | undefined {
  if (typeof location == 'undefined') return undefined;
  const { pathname, search, hash } = location;
  const params = new URLSearchParams(search);
  const code = params.get('login_error');
  const detail = params.get('login_error_detail');
  if (code == null && detail == null) return undefined;
  // Filtered by hand rather than re-serialised, so the other parameters keep their spelling.
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part && !isLoginErrorPart(part));
  history.replaceState(history.state, '', pathname + (kept[0] ? '?' + kept.join('&') : '') + hash);
  return code ? { code, ...(detail ? { detail } : {}) } : undefined;
}
