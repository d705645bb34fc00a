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

const names = new Set(['login_error', 'login_error_detail']);

function paramName(part: string): string {
  const raw = part.split('=', 1)[0]!.replaceAll('+', ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

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
  if (typeof location == 'undefined' || !location.search) return undefined;
  const params = new URLSearchParams(location.search);
  if (!params.has('login_error') && !params.has('login_error_detail')) return undefined;
  // Filtered by hand rather than re-serialised, so the other parameters keep their spelling.
  const kept = location.search
    .slice(1)
    .split('&')
    .filter((part) => part && !names.has(paramName(part)));
  const search = kept.length ? '?' + kept.join('&') : '';
  history.replaceState(history.state, '', location.pathname + search + location.hash);
  const code = params.get('login_error');
  const detail = params.get('login_error_detail');
  return code ? { code, ...(detail ? { detail } : {}) } : undefined;
}
