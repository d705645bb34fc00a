import { useApiFetch, useSession } from '@cloakroom/react';
import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { checkSession, type SessionCheck } from '../api/check-session.ts';
import { EchoPanel } from './echo-panel.tsx';
import { EventsPanel } from './events-panel.tsx';

/**
 * Live connections through the BFF: a server-sent event stream and an echo WebSocket, both to
 * the sample API with the session's token attached by the BFF (the page holds none). When the
 * session ends, the BFF closes both; the page then says so and stops (its panels unmount,
 * closing what is left), and the whole app learns it from the same `/bff/user` check.
 *
 * @example
 * ```tsx
 * <Route path={paths.live} element={<LivePage />} />
 * ```
 */
export function LivePage(): ReactNode {
  useDocumentTitle('Live');
  const api = useApiFetch();
  const { login } = useSession();
  const [ended, setEnded] = useState(false);
  // Both connections break at once when the session ends: one question to the BFF for both.
  const pending = useRef<Promise<SessionCheck>>(undefined);
  const check = useCallback(
    () =>
      (pending.current ??= checkSession(api)
        .then((session) => {
          if (session === 'ended') setEnded(true);
          return session;
        })
        .finally(() => (pending.current = undefined))),
    [api],
  );
  // A 4401 close is the BFF saying so: stop at once, and let the app learn it too.
  const onSessionEnded = useCallback(() => {
    setEnded(true);
    check().then(
      () => {},
      () => {},
    );
  }, [check]);

  return (
    <>
      <h1 tabIndex={-1}>Live</h1>
      <p className="muted">
        An event stream and a WebSocket to the sample API, through the BFF: it attaches your access
        token upstream, so the browser holds none. When your session ends — here, in another tab, or
        on the Sessions page — the BFF closes both within two seconds.
      </p>
      {ended ? (
        <section
          className="session-ended"
          data-testid="live-ended"
          aria-labelledby="live-ended-title"
        >
          <h2 id="live-ended-title" role="alert">
            Your session ended — live updates stopped.
          </h2>
          <p>The event stream and the WebSocket are closed. Log in again to start them again.</p>
          <button type="button" className="button button--primary" onClick={() => login()}>
            Log in again
          </button>
        </section>
      ) : (
        <div className="live-panels">
          <EventsPanel check={check} />
          <EchoPanel check={check} onSessionEnded={onSessionEnded} />
        </div>
      )}
    </>
  );
}
