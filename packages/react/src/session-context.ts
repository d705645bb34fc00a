import type { UserResponse } from '@cloakroom/contract';
import { createContext } from 'react';
import type { ApiFetchInit } from './api-fetch.ts';
import type { CloakroomError, StepUpError } from './cloakroom-error.ts';
import type { LoginError } from './take-login-error.ts';

/** The logged-in user as `GET /bff/user` describes them (its `expiresAt` is the session's). */
export type CloakroomUser = Pick<UserResponse, 'sub' | 'claims'>;

/** Where the session stands: still asking, nobody logged in, or logged in. */
export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

/**
 * Why a session that was in use ended, so the app can tell "you were signed out" apart from
 * "you never signed in": `expired` — the BFF answered `401` (`session_expired` or
 * `unauthenticated`) while the user was signed in: the session ran out, could not be renewed,
 * or was ended on the server; `logged-out` — the user logged out in another tab.
 *
 * @example
 * ```ts
 * const reason: SessionEndedReason = 'expired';
 * ```
 */
export type SessionEndedReason = 'expired' | 'logged-out';

/** What {@link useSession} returns. */
export interface Session {
  status: SessionStatus;
  user?: CloakroomUser;
  /** When the BFF session ends, in Unix seconds. */
  expiresAt?: number;
  /** Seconds left until `expiresAt`, ticking once a second. */
  expiresInSeconds?: number;
  /** True once `expiresInSeconds` is within the provider's `expiryWarningSeconds`. */
  expiringSoon: boolean;
  /**
   * The last failure. After a session ends while in use (a `401`), it is that error, with code
   * `session_expired` or `unauthenticated`, so the UI can say "log in again".
   */
  error?: CloakroomError;
  /**
   * Set, with `status` `anonymous`, once a session that was in use has ended; unset while
   * signed in and for a visitor who never signed in on this page.
   */
  endedReason?: SessionEndedReason;
  /**
   * A login that failed and came back here with `login_error` in the URL (read once when the
   * provider mounts, and already removed from the address bar), until {@link dismissLoginError}.
   */
  loginError?: LoginError;
  /** Forgets {@link loginError}, e.g. when the user closes its message. */
  dismissLoginError(): void;
  /**
   * Navigates to the BFF's login; `returnTo` defaults to the current path and query. `prompt`
   * goes to the IdP: `'login'` asks for the password even when the IdP's session is alive;
   * `'none'` is a silent login whose failure is reported like any other (use
   * {@link silentLogin} for the quiet, once-per-tab one).
   */
  login(returnTo?: string, options?: LoginOptions): void;
  /**
   * A silent login (`prompt=none`), at most once per tab: with a live IdP session the user comes
   * back signed in without seeing a form; otherwise back here with a `loginError` marked
   * `silent`. Returns `false`, doing nothing, when this tab has already tried or logged out
   * (or has no `sessionStorage` to remember it in), so calling it on every anonymous load
   * cannot loop.
   */
  silentLogin(returnTo?: string): boolean;
  /**
   * Logs in again with what a `step_up_required` error asks for (`acr_values`, `max_age`) and
   * comes back to `returnTo` (default: the current path and query), where the call can be
   * made again. The BFF gives the stronger login a new session; the old one ends.
   */
  stepUp(error: StepUpError, returnTo?: string): void;
  /** Ends the session at the BFF and follows its `redirectTo` (the IdP's logout, or `/`). */
  logout(): Promise<void>;
  /** Asks the BFF again for the session. */
  refresh(): Promise<void>;
}

/**
 * Options of {@link Session.login}: the OpenID Connect `prompt` the BFF passes to the IdP.
 *
 * @example
 * ```ts
 * login('/notes', { prompt: 'login' }); // ask for the password again
 * ```
 */
export interface LoginOptions {
  prompt?: 'none' | 'login' | 'consent' | 'select_account';
}

/** `apiFetch` bound to the provider's session (see {@link useApiFetch}). */
export type ApiFetch = <T = unknown>(path: string, init?: ApiFetchInit) => Promise<T>;

/** @internal What the provider shares with the hooks. */
export const SessionContext = createContext<{ session: Session; api: ApiFetch } | undefined>(
  undefined,
);
