import type { SessionsResponse } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { bffErrorResponse, rejectWithoutCsrf } from '../errors.ts';
import { currentScenario, useScenario } from '../scenario.ts';
import { mockSession, mockSessionExpired } from '../session.ts';
import { sessionsStore } from '../sessions-store.ts';

/** What the BFF answers before it looks at the sessions: CSRF, no session, a store that is down. */
function guard(request: Request): Response | undefined {
  const rejected = rejectWithoutCsrf(request);
  if (rejected) return rejected;
  if (!mockSession()) {
    return bffErrorResponse(mockSessionExpired() ? 'session_expired' : 'unauthenticated');
  }
  if (currentScenario() === 'sessions-down') return bffErrorResponse('session_store_unavailable');
  return undefined;
}

/**
 * The BFF's sessions endpoints: `GET /bff/sessions` and `DELETE /bff/sessions/:id` (an unknown
 * id is `404 not_found`; ending this browser's own session signs it out). Logout everywhere is
 * `POST /bff/logout`, which signs out in every scenario (see `bff-session.ts`).
 *
 * @example
 * ```ts
 * const server = setupServer(...sessionsHandlers);
 * ```
 */
export const sessionsHandlers = [
  http.get('/bff/sessions', ({ request }) => {
    return (
      guard(request) ??
      HttpResponse.json({ sessions: sessionsStore.list() } satisfies SessionsResponse)
    );
  }),

  http.delete('/bff/sessions/:id', ({ request, params }) => {
    const blocked = guard(request);
    if (blocked) return blocked;
    const outcome = sessionsStore.end(String(params['id']));
    if (outcome === 'missing') return bffErrorResponse('not_found');
    if (outcome === 'current') useScenario('anonymous');
    return new HttpResponse(null, { status: 204 });
  }),
];
