import { bffSessionHandlers } from './bff-session.ts';
import { notesHandlers } from './notes.ts';

/**
 * Every mock handler: the BFF's session endpoints and the notes API behind `/api`.
 *
 * @example
 * ```ts
 * const server = setupServer(...handlers);
 * ```
 */
export const handlers = [...bffSessionHandlers, ...notesHandlers];
