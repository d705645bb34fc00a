import { useCallback, useEffect, useState } from 'react';

/** A list loading from the API: loading, failed, or ready with its items. */
export type LoadedList<T> =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: T[] };

/**
 * Loads a list on mount and on `reload()`, into loading / error / ready state. An answer that
 * arrives after unmount, or after a newer load began, is dropped. `fetchList` must be stable
 * (`useCallback`); `setState` lets the caller update the list after its own writes.
 *
 * @example
 * ```ts
 * const fetchNotes = useCallback(() => getNotes(api), [api]);
 * const { state, setState, reload } = useLoadedList(fetchNotes);
 * ```
 */
export function useLoadedList<T>(fetchList: () => Promise<T[]>) {
  const [state, setState] = useState<LoadedList<T>>({ status: 'loading' });

  // Returns a cancel function, so it doubles as the effect (no state update after unmount).
  const load = useCallback(() => {
    let current = true;
    fetchList().then(
      (items) => current && setState({ status: 'ready', items }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [fetchList]);

  useEffect(load, [load]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    load();
  }, [load]);

  return { state, setState, reload };
}
