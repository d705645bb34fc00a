import { useSession } from '@cloakroom/react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { paths } from '../../../app/paths.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { LoadingState } from '../../../components/ui/loading-state.tsx';
import { describeError } from '../../../lib/describe-error.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useSessions } from '../api/use-sessions.ts';
import { SessionItem } from './session-item.tsx';

/**
 * Where the user is signed in: every live session (one per browser that logged in), with the
 * device, when it began and was last used, and "End" for each, or for all the others at once.
 * Sessions live on the server, so ending one takes effect at once, everywhere.
 *
 * @example
 * ```tsx
 * <Route path={paths.sessions} element={<SessionsPage />} />
 * ```
 */
export function SessionsPage(): ReactNode {
  useDocumentTitle('Sessions');
  const { state, reload, end, endOthers } = useSessions();
  const now = useNow(30_000);
  const [endingOthers, setEndingOthers] = useState(false);
  const [othersError, setOthersError] = useState<string>();
  const others = state.status === 'ready' ? state.items.filter((s) => !s.current).length : 0;

  const navigate = useNavigate();
  const { refresh } = useSession();
  const onEnd: typeof end = async (session) => {
    await end(session);
    if (session.current) {
      // Signed out by choice: to the home page (with its "signed out" notice) before the session
      // state changes, so this protected page never says "your session has ended" instead.
      await navigate(paths.home);
      await refresh();
      return;
    }
    // The button that had focus is gone; put focus somewhere predictable.
    document.getElementById('sessions-list-title')?.focus();
  };
  const onEndOthers = async () => {
    setEndingOthers(true);
    setOthersError(undefined);
    try {
      await endOthers();
      document.getElementById('sessions-list-title')?.focus();
    } catch (failure) {
      setOthersError(describeError(failure));
    } finally {
      setEndingOthers(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Sessions</h1>
      <p className="muted">
        Every browser where you are signed in. The BFF keeps sessions on the server, so ending one
        signs that browser out at once, and its refresh token is revoked at the identity provider.
      </p>
      <section aria-labelledby="sessions-list-title" aria-busy={state.status === 'loading'}>
        <div className="sessions-heading">
          <h2 id="sessions-list-title" tabIndex={-1}>
            Where you are signed in{state.status === 'ready' && ` (${state.items.length})`}
          </h2>
          {state.status === 'ready' && others > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => void onEndOthers()}
              disabled={endingOthers}
            >
              End all other sessions
            </button>
          )}
        </div>
        {othersError && (
          <p className="field-error" role="alert">
            {othersError}
          </p>
        )}
        {state.status === 'loading' && <LoadingState>Loading your sessions…</LoadingState>}
        {state.status === 'error' && (
          <Alert
            title="Could not load your sessions"
            action={
              <button type="button" className="button" onClick={reload}>
                Try again
              </button>
            }
          >
            {describeError(state.error)}
          </Alert>
        )}
        {state.status === 'ready' && (
          <ul className="sessions" aria-label="Sessions">
            {state.items.map((session) => (
              <SessionItem key={session.id} session={session} now={now} onEnd={onEnd} />
            ))}
          </ul>
        )}
        {state.status === 'ready' && others === 0 && (
          <p className="empty" data-testid="sessions-only-this">
            You are signed in on this browser only.
          </p>
        )}
      </section>
    </>
  );
}
