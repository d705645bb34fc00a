import type { Note } from '@cloakroom/contract';
import { useApiFetch } from '@cloakroom/react';
import { useCallback } from 'react';
import { useLoadedList, type LoadedList } from '../../../lib/use-loaded-list.ts';
import { createNote } from './create-note.ts';
import { deleteNote } from './delete-note.ts';
import { getNotes } from './get-notes.ts';

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
  state: LoadedList<Note>;
  reload: () => void;
  add: (text: string) => Promise<Note>;
  remove: (id: string) => Promise<void>;
} {
  const api = useApiFetch();
  const fetchList = useCallback(() => getNotes(api), [api]);
  const { state, setState, reload } = useLoadedList(fetchList);

  const add = useCallback(
    async (text: string) => {
      const note = await createNote(api, text);
      setState((s) => (s.status === 'ready' ? { ...s, items: [...s.items, note] } : s));
      return note;
    },
    [api, setState],
  );

  const remove = useCallback(
    async (id: string) => {
      await deleteNote(api, id);
      setState((s) =>
        s.status === 'ready' ? { ...s, items: s.items.filter((note) => note.id !== id) } : s,
      );
    },
    [api, setState],
  );

  return { state, reload, add, remove };
}
