/**
 * A note as the sample API returns it (`GET /notes`, `POST /notes`), and so `/api/notes`.
 *
 * @example
 * ```ts
 * const note: Note = { id: 'n1', text: 'Buy milk', createdAt: '2026-01-06T09:00:00.000Z' };
 * ```
 */
export interface Note {
  id: string;
  text: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/**
 * The `POST /notes` body.
 *
 * @example
 * ```ts
 * const body: CreateNoteRequest = { text: 'Buy milk' };
 * ```
 */
export interface CreateNoteRequest {
  text: string;
}
