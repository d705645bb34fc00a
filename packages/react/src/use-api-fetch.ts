import type { ApiFetch } from './session-context.ts';
import { useCloakroom } from './use-cloakroom.ts';

/**
 * {@link apiFetch} for paths on the provider's BFF, tied to the session: a `401` moves the session
 * to `anonymous` (and to login, with `loginOnUnauthenticated`) before the error is rethrown.
 *
 * @example
 * ```tsx
 * const api = useApiFetch();
 * const addNote = (text: string) => api<Note>('/api/notes', { method: 'POST', json: { text } });
 * ```
 */
export function useApiFetch(): ApiFetch {
  return useCloakroom().api;
}
