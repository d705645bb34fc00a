import type { Note } from '@cloakroom/contract';

const seed: readonly Note[] = [
  { id: 'n1', text: 'Tokens stay on the server.', createdAt: '2025-01-06T09:00:00.000Z' },
  {
    id: 'n2',
    text: 'The browser only holds an opaque cookie.',
    createdAt: '2025-01-06T09:05:00.000Z',
  },
];

let notes: Note[] = [...seed];
let nextId = 1;

/**
 * The mock notes, kept in memory (a reload starts over from the seed).
 *
 * @example
 * ```ts
 * notesStore.add('Buy milk');
 * notesStore.list(); // [..., { id: 'm1', text: 'Buy milk', ... }]
 * ```
 */
export const notesStore = {
  list(): Note[] {
    return [...notes];
  },
  add(text: string): Note {
    const note: Note = { id: `m${nextId++}`, text, createdAt: new Date().toISOString() };
    notes.push(note);
    return note;
  },
  remove(id: string): boolean {
    const before = notes.length;
    notes = notes.filter((note) => note.id !== id);
    return notes.length < before;
  },
  /** Back to the two seeded notes; tests call it between cases. */
  reset(notesToUse: readonly Note[] = seed): void {
    notes = [...notesToUse];
    nextId = 1;
  },
};
