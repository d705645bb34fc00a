import type { Note } from '@cloakroom/contract';
import type { ApiFetch } from '@cloakroom/react';

/**
 * The caller's notes, oldest first.
 *
 * @example
 * ```ts
 * const notes = await getNotes(useApiFetch());
 * ```
 */
export function getNotes(api: ApiFetch): Promise<Note[]> {
  return api<Note[]>('/api/notes');
}
