/**
 * The session logic without React: one controller per provider, plain closures over the current
 * state. Keeping it out of hooks keeps the provider small and the rules of hooks trivially met.
 */
import type { LogoutResponse, UserResponse } from '@cloakroom/contract';
import { apiFetch } from './api-fetch.ts';
import type { ApiFetchInit } from './api-fetch.ts';
import type { CloakroomError } from './cloakroom-error.ts';
import { openCrossTab } from './cross-tab.ts';
import { reportUncaught } from './report-uncaught.ts';
import type { CrossTabEvent } from './cross-tab.ts';
import { silentLoginMark } from './silent-login-mark.ts';
import type {
  ApiFetch,
  CloakroomUser,
  Session,
  SessionEndedReason,
  SessionStatus,
} from './session-context.ts';

/** @internal The part of the session the BFF decides. */
export interface SessionState {
  status: SessionStatus;
  user?: CloakroomUser;
  expiresAt?: number;
  error?: CloakroomError;
  endedReason?: SessionEndedReason;
}

/** @internal Options read at the moment they are needed, so they may change between renders. */
export interface ControllerOptions {
  onSessionEnd?: (error?: CloakroomError) => void;
  loginOnUnauthenticated?: boolean;
}

const noop = () => {};

// Where logout may send the browser: http(s) URLs (the IdP) or a same-origin path.
const safeTarget = /^(https?:\/\/|\/(?![/\\]))/i;

/**
 * @internal Creates the session logic for one BFF; `publish` receives every new state.
 *
 * @example
 * ```ts
 * const controller = createSessionController('', setState);
 * controller.configure({ loginOnUnauthenticated: true });
 * const disconnect = controller.connect(); // listens to focus and other tabs, asks the BFF
 * ```
 */
export function createSessionController(
  base: string,
  publish: (state: SessionState) => void,
): {
  configure(options: ControllerOptions): void;
  refresh(quiet?: boolean): Promise<void>;
  /** What {@link Session} offers, as the provider hands it on. */
  actions: Pick<Session, 'login' | 'stepUp' | 'silentLogin' | 'logout' | 'refresh'>;
  api: ApiFetch;
  connect(pollIntervalMs?: number): () => void;
} {
  let state: SessionState = { status: 'loading' };
  let pending: Promise<void> | undefined;
  let post: (event: CrossTabEvent) => void = noop;
  let options: ControllerOptions = {};
  // Another tab said it logged out: the 401 that follows is that logout, not an expiry.
  let loggedOutElsewhere = false;

  // `quiet`: another tab announced this change, so do not announce it again.
  const update = (next: SessionState, quiet?: boolean) => {
    const previous = state.status;
    if (next.status == 'authenticated') loggedOutElsewhere = false;
    publish((state = next));
    if (previous != next.status) {
      if (!quiet) post('session-changed');
      if (previous == 'authenticated') options.onSessionEnd?.(next.error);
    }
  };

  // A 401 ends the session (remembering why, if it was in use); other errors leave it as it is.
  const fail = (error: CloakroomError, quiet?: boolean) =>
    update(
      error.status != 401
        ? { ...state, status: state.status == 'loading' ? 'anonymous' : state.status, error }
        : state.status == 'authenticated'
          ? {
              status: 'anonymous',
              error,
              endedReason: loggedOutElsewhere ? 'logged-out' : 'expired',
            }
          : { status: 'anonymous', error: state.error, endedReason: state.endedReason },
      quiet,
    );

  const refresh = (quiet?: boolean) =>
    (pending ||= apiFetch<UserResponse>(base + '/bff/user')
      .then(
        ({ sub, claims, expiresAt }) =>
          update({ status: 'authenticated', user: { sub, claims }, expiresAt }, quiet),
        (error: CloakroomError) => fail(error, quiet),
      )
      .finally(() => (pending = undefined)));

  // The one way to the BFF's login: `params` (a login's options, a step-up's acr_values and
  // max_age) become query parameters, encoded by URLSearchParams as encodeURIComponent does.
  // Any login ends this tab's silent one, if on its way (see silentLoginMark), so that its
  // failure, if the user left before the silent one came back, is not taken for the silent
  // one's; silentLogin sets its mark after this.
  const login = (returnTo = location.pathname + location.search, params?: object) => {
    if (silentLoginMark()) silentLoginMark('2');
    location.assign(base + '/bff/login?' + new URLSearchParams({ returnTo, ...params }));
  };

  return {
    configure: (next) => void (options = next),
    refresh,
    actions: {
      login,
      // An empty acr_values or max_age (a challenge that named only one) is "not asked" at the
      // BFF.
      stepUp: ({ acrValues, maxAge = '' }, returnTo) =>
        login(returnTo, { acr_values: acrValues, max_age: maxAge }),
      silentLogin: (returnTo) =>
        silentLoginMark() == null &&
        (login(returnTo, { prompt: 'none' }), silentLoginMark('1'), true),
      async logout() {
        try {
          const { redirectTo } = await apiFetch<LogoutResponse>(base + '/bff/logout', {
            method: 'POST',
          });
          post('logged-out');
          silentLoginMark('2'); // this tab logged out: no silent login may sign it back in
          location.assign(safeTarget.test(redirectTo) ? redirectTo : '/');
        } catch (error) {
          fail(error as CloakroomError);
        }
      },
      refresh: () => refresh(),
    },
    async api<T>(path: string, init?: ApiFetchInit) {
      try {
        return await apiFetch<T>(base + path, init);
      } catch (error) {
        // A step-up answer is a 401 of a session that goes on: only a stronger login is missing.
        if (
          (error as CloakroomError).status == 401 &&
          (error as CloakroomError).code != 'step_up_required'
        ) {
          fail(error as CloakroomError);
          if (options.loginOnUnauthenticated) login();
        }
        throw error;
      }
    },
    connect(pollIntervalMs) {
      // refresh() turns failed requests into state; what can still reject is a throwing
      // subscriber or onSessionEnd, reported like any uncaught error.
      const check = (quiet?: boolean) => {
        refresh(quiet).catch(reportUncaught);
      };
      const tab = openCrossTab((event) => {
        if (event == 'logged-out') loggedOutElsewhere = true;
        check(true);
      });
      post = tab.post;
      const onFocus = () => document.visibilityState == 'visible' && check();
      addEventListener('focus', onFocus);
      document.addEventListener('visibilitychange', onFocus);
      const poll = pollIntervalMs && setInterval(check, pollIntervalMs);
      check();
      return () => {
        tab.close();
        post = noop; // a check still in flight must not post to the closed channel
        removeEventListener('focus', onFocus);
        document.removeEventListener('visibilitychange', onFocus);
        clearInterval(poll); // clearInterval(0) and (undefined) do nothing
      };
    },
  };
}
