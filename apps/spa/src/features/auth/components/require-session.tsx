import { useSession } from '@cloakroom/react';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { Alert } from '../../../components/ui/alert.tsx';
import { LoadingState } from '../../../components/ui/loading-state.tsx';
import { describeError } from '../../../lib/describe-error.ts';
import { SessionEnded } from './session-ended.tsx';
import { SignInNeeded } from './sign-in-needed.tsx';

/**
 * Guards the routes below it. Anonymous visitors go to the BFF's login and come back here
 * (`returnTo`); a session that ended while in use shows {@link SessionEnded} instead, so nobody is
 * bounced to the IdP without being told why, and a sign-in that just failed (`login_error`) shows
 * {@link SignInNeeded}, so a failing IdP does not bounce the browser back and forth.
 *
 * @example
 * ```tsx
 * { element: <RequireSession />, children: [{ path: paths.notes, element: <NotesPage /> }] }
 * ```
 */
export function RequireSession(): ReactNode {
  const { status, error, loginError, login, refresh } = useSession();
  const { pathname, search } = useLocation();
  // A sign-in failed just before this page loaded: stay here, even once its message is
  // dismissed, rather than send the browser straight back to an IdP that just failed. A silent
  // login's failure is no reason to stay: the user has not been asked yet.
  const failed = loginError !== undefined && !loginError.silent;
  const [signInFailed] = useState(failed);
  const mustLogIn = status === 'anonymous' && !error && !failed && !signInFailed;

  useEffect(() => {
    if (mustLogIn) login(pathname + search);
  }, [mustLogIn, login, pathname, search]);

  if (status === 'loading') return <LoadingState>Checking your session…</LoadingState>;
  if (status === 'authenticated') return <Outlet />;
  if (error?.status === 401) return <SessionEnded error={error} />;
  if (error) {
    return (
      <Alert
        title="Could not check your session"
        action={
          <button type="button" className="button" onClick={() => void refresh()}>
            Try again
          </button>
        }
      >
        {describeError(error)}
      </Alert>
    );
  }
  if (!mustLogIn) return <SignInNeeded />;
  return <LoadingState>Taking you to log in…</LoadingState>;
}
