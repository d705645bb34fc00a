import { randomUUID } from 'node:crypto';
import type { Note } from '@cloakroom/contract';

/** Notes per owner (`sub`), in memory. Lists are oldest first (creation order). */
export interface NoteStore {
  list(owner: string): Note[];
  add(owner: string, text: string): Note;
  /** `false` when the owner has no note with that id (someone else's counts as none). */
  remove(owner: string, id: string): boolean;
}

/**
 * The sample API's only store: a Map per owner, gone on restart.
 *
 * @example
 * ```ts
 * const notes = createNoteStore();
 * notes.add('alice', 'buy milk');
 * notes.list('alice'); // [{ id, text: 'buy milk', createdAt }]
 * ```
 */
export function createNoteStore(): NoteStore {
  const byOwner = new Map<string, Map<string, Note>>();
  return {
    list: (owner) => [...(byOwner.get(owner)?.values() ?? [])],
    add(owner, text) {
      const note: Note = { id: randomUUID(), text, createdAt: new Date().toISOString() };
      const notes = byOwner.get(owner) ?? new Map<string, Note>();
      notes.set(note.id, note);
      byOwner.set(owner, notes);
      return note;
    },
    remove: (owner, id) => byOwner.get(owner)?.delete(id) ?? false,
  };
}
