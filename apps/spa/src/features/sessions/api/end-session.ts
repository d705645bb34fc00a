import type { ApiFetch } from '@cloakroom/react';

/**
 * Ends one of the user's sessions by its id (`DELETE /bff/sessions/<id>`); rejects with code
 * `not_found` when it has already ended.
 *
 * @example
 * ```ts
 * await endSession(api, session.id);
 * ```
 */
export function endSession(api: ApiFetch, id: string): Promise<void> {
  return api<void>(`/bff/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
