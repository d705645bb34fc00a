import type { UserResponse } from '@cloakroom/contract';
import { CloakroomError, type ApiFetch } from '@cloakroom/react';

/** What `/bff/user` says after a live connection stopped. */
export type SessionCheck = 'alive' | 'ended' | 'unknown';

/**
 * Asks the BFF whether the session still lives, to tell "the session ended" (`401`) from other
 * reasons a live connection stops (the API or the network). A browser's EventSource and
 * WebSocket never show the status of a refused request, so this is the only way to know. Uses
 * the provider's bound fetch, so an ended session also ends it in the whole app.
 *
 * @example
 * ```ts
 * if ((await checkSession(useApiFetch())) === 'ended') showEnded();
 * ```
 */
export async function checkSession(api: ApiFetch): Promise<SessionCheck> {
  try {
    await api<UserResponse>('/bff/user');
    return 'alive';
  } catch (error) {
    return error instanceof CloakroomError && error.status === 401 ? 'ended' : 'unknown';
  }
}
