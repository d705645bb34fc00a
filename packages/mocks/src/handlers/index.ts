import { bffSessionHandlers } from './bff-session.ts';
import { billingHandlers } from './billing.ts';
import { notesHandlers } from './notes.ts';
import { sessionsHandlers } from './sessions.ts';

/**
 * Every mock handler: the BFF's session endpoints, its sessions list, the notes API behind `/api`, and the billing
 * API behind `/api/billing` and `/api/billing-service`.
 *
 * @example
 * ```ts
 * const server = setupServer(...handlers);
 * ```
 */
export const handlers = [
  ...bffSessionHandlers,
  ...sessionsHandlers,
  ...notesHandlers,
  ...billingHandlers,
];
