import type { Note } from '@cloakroom/contract';
import { useApiFetch } from '@cloakroom/react';
import { useCallback, useEffect, useState } from 'react';
import { createNote } from './create-note.ts';
import { deleteNote } from './delete-note.ts';
import { getNotes } from './get-notes.ts';

type NotesState =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; notes: Note[] };

/**
 * The notes list with its loading and error states, and add/remove that update it. Errors of
 * add/remove are thrown to the caller, which shows them next to the control that failed.
 *
 * @example
 * ```ts
 * const { state, add, remove, reload } = useNotes();
 * ```
 */
export function useNotes(): {
  state: NotesState;
  reload: () => void;
  add: (text: string) => Promise<Note>;
  remove: (id: string) => Promise<void>;
} {
  const api = useApiFetch();
  const [state, setState] = useState<NotesState>({ status: 'loading' });

  // Returns a cancel function, so it doubles as the effect (no state update after unmount).
  const load = useCallback(() => {
    let current = true;
    getNotes(api).then(
      (notes) => current && setState({ status: 'ready', notes }),
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

  const add = useCallback(
    async (text: string) => {
      const note = await createNote(api, text);
      setState((s) => (s.status === 'ready' ? { ...s, notes: [...s.notes, note] } : s));
      return note;
    },
    [api],
  );

  const remove = useCallback(
    async (id: string) => {
      await deleteNote(api, id);
      setState((s) =>
        s.status === 'ready' ? { ...s, notes: s.notes.filter((note) => note.id !== id) } : s,
      );
    },
    [api],
  );

  return { state, reload, add, remove };
}
