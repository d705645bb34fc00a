import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { CloakroomError } from './cloakroom-error.ts';
import { reportUncaught } from './report-uncaught.ts';
import { SessionContext } from './session-context.ts';
import { createSessionController } from './session-controller.ts';
import type { SessionState } from './session-controller.ts';
import { silentLoginMark } from './silent-login-mark.ts';
import { takeLoginError } from './take-login-error.ts';

/** Options of {@link CloakroomProvider}. */
export interface CloakroomProviderProps {
  children?: ReactNode;
  /** Where the BFF lives; default `''`, the page's own origin (the intended set-up). */
  bffBaseUrl?: string;
  /** Also re-check the session every so many milliseconds (it is always re-checked on focus). */
  pollIntervalMs?: number;
  /** Called when a session that was in use ends (a `401`, or a logout in another tab). */
  onSessionEnd?: (error?: CloakroomError) => void;
  /** How early `expiringSoon` turns true; default 120 seconds. */
  expiryWarningSeconds?: number;
  /** On a `401` from {@link useApiFetch}, go straight to login with the current location. */
  loginOnUnauthenticated?: boolean;
}

/**
 * Holds the BFF session for everything below it: asks `GET /bff/user` on mount, on window focus,
 * when the tab becomes visible, when another tab signals a change, and when `expiresAt` passes.
 * On mount it also takes a failed login's `login_error` out of the URL (`session.loginError`,
 * marked `silent` when it was a silent login's).
 *
 * @example
 * ```tsx
 * createRoot(root).render(
 *   <CloakroomProvider onSessionEnd={() => console.warn('session ended')}>
 *     <App />
 *   </CloakroomProvider>,
 * );
 * ```
 */
export function CloakroomProvider(props: CloakroomProviderProps): ReactNode {
  const { children, bffBaseUrl = '', pollIntervalMs, expiryWarningSeconds = 120 } = props;
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [now, setNow] = useState(Date.now);
  // Read before the router below mounts, so it never sees the parameters (see takeLoginError).
  // Both are read whether or not a login failed: coming back from a silent login ends it.
  const [loginError, setLoginError] = useState(() => {
    const error = takeLoginError();
    if (silentLoginMark() == '1' && silentLoginMark('2') && error) error.silent = true;
    return error;
  });
  const dismissLoginError = useCallback(() => setLoginError(undefined), []);
  const controller = useMemo(() => createSessionController(bffBaseUrl, setState), [bffBaseUrl]);
  useEffect(() => controller.configure(props));
  useEffect(() => controller.connect(pollIntervalMs), [controller, pollIntervalMs]);

  const { status, expiresAt } = state;
  useEffect(() => {
    if (status != 'authenticated' || !expiresAt) return;
    const tick = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= expiresAt * 1000) controller.refresh().catch(reportUncaught);
    }, 1000);
    return () => clearInterval(tick);
  }, [status, expiresAt, controller]);

  const value = useMemo(() => {
    const expiresInSeconds =
      expiresAt == undefined ? undefined : Math.max(0, Math.round(expiresAt - now / 1000));
    return {
      session: {
        ...state,
        expiresInSeconds,
        expiringSoon: expiresInSeconds != undefined && expiresInSeconds <= expiryWarningSeconds,
        loginError,
        dismissLoginError,
        ...controller.actions,
      },
      api: controller.api,
    };
  }, [state, expiresAt, now, expiryWarningSeconds, controller, loginError, dismissLoginError]);

  return <SessionContext value={value}>{children}</SessionContext>;
}
