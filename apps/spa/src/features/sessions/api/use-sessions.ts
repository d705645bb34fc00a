import type { SessionSummary } from '@cloakroom/contract';
import { useApiFetch } from '@cloakroom/react';
import { useCallback, useEffect, useState } from 'react';
import { endSession } from './end-session.ts';
import { getSessions } from './get-sessions.ts';

type SessionsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; sessions: SessionSummary[] };

/**
 * The user's sessions with their loading and error states, and ending one or all the others.
 * Ending this browser's own session signs it out (the BFF clears the cookie); the caller then
 * tells the session state (`useSession().refresh()`). Errors of `end`/`endOthers` are thrown to the caller, which shows
 * them next to the control that failed.
 *
 * @example
 * ```ts
 * const { state, end, endOthers, reload } = useSessions();
 * ```
 */
export function useSessions(): {
  state: SessionsState;
  reload: () => void;
  end: (session: SessionSummary) => Promise<void>;
  endOthers: () => Promise<void>;
} {
  const api = useApiFetch();
  const [state, setState] = useState<SessionsState>({ status: 'loading' });

  // Returns a cancel function, so it doubles as the effect (no state update after unmount).
  const load = useCallback(() => {
    let current = true;
    getSessions(api).then(
      (sessions) => current && setState({ status: 'ready', sessions }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [api]);

  useEffect(load, [load]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    load();
  }, [load]);

  const forget = useCallback(
    (ids: ReadonlySet<string>) =>
      setState((s) =>
        s.status === 'ready' ? { ...s, sessions: s.sessions.filter((x) => !ids.has(x.id)) } : s,
      ),
    [],
  );

  const end = useCallback(
    async (session: SessionSummary) => {
      try {
        await endSession(api, session.id);
      } catch (error) {
        // Already ended (elsewhere, or it expired): what the user wanted has happened.
        if ((error as { code?: string }).code !== 'not_found') throw error;
      }
      forget(new Set([session.id]));
    },
    [api, forget],
  );

  const endOthers = useCallback(async () => {
    if (state.status !== 'ready') return;
    const others = state.sessions.filter((s) => !s.current);
    const results = await Promise.allSettled(others.map((s) => endSession(api, s.id)));
    // What ended (or had ended already) leaves the list; the first other failure is shown.
    const gone = new Set(
      others
        .filter((_, i) => {
          const result = results[i]!;
          return (
            result.status === 'fulfilled' ||
            (result.reason as { code?: string }).code === 'not_found'
          );
        })
        .map((s) => s.id),
    );
    forget(gone);
    const failed = results.find(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && (r.reason as { code?: string }).code !== 'not_found',
    );
    if (failed) throw failed.reason;
  }, [api, forget, state]);

  return { state, reload, end, endOthers };
}
