import type { SessionSummary } from '@cloakroom/contract';
import { useApiFetch } from '@cloakroom/react';
import { useCallback } from 'react';
import { useLoadedList, type LoadedList } from '../../../lib/use-loaded-list.ts';
import { endSession } from './end-session.ts';
import { getSessions } from './get-sessions.ts';

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
  state: LoadedList<SessionSummary>;
  reload: () => void;
  end: (session: SessionSummary) => Promise<void>;
  endOthers: () => Promise<void>;
} {
  const api = useApiFetch();
  const fetchList = useCallback(() => getSessions(api), [api]);
  const { state, setState, reload } = useLoadedList(fetchList);

  const forget = useCallback(
    (ids: ReadonlySet<string>) =>
      setState((s) =>
        s.status === 'ready' ? { ...s, items: s.items.filter((x) => !ids.has(x.id)) } : s,
      ),
    [setState],
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
    const others = state.items.filter((s) => !s.current);
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
