import type { ApiFetch } from '@cloakroom/react';

/**
 * Deletes a note by id; rejects with code `not_found` when it is already gone.
 *
 * @example
 * ```ts
 * await deleteNote(api, note.id);
 * ```
 */
export function deleteNote(api: ApiFetch, id: string): Promise<void> {
  return api<void>(`/api/notes/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
