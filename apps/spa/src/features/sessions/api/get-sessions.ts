import type { SessionSummary, SessionsResponse } from '@cloakroom/contract';
import type { ApiFetch } from '@cloakroom/react';

/**
 * Every live session of the logged-in user, newest first (`GET /bff/sessions`).
 *
 * @example
 * ```ts
 * const sessions = await getSessions(useApiFetch());
 * ```
 */
export async function getSessions(api: ApiFetch): Promise<SessionSummary[]> {
  return (await api<SessionsResponse>('/bff/sessions')).sessions;
}
