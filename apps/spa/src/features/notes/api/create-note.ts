import type { CreateNoteRequest, Note } from '@cloakroom/contract';
import type { ApiFetch } from '@cloakroom/react';

/**
 * Adds a note; rejects with code `invalid_note` when the API refuses the text.
 *
 * @example
 * ```ts
 * const note = await createNote(api, 'Buy milk');
 * ```
 */
export function createNote(api: ApiFetch, text: string): Promise<Note> {
  return api<Note>('/api/notes', { method: 'POST', json: { text } satisfies CreateNoteRequest });
}
