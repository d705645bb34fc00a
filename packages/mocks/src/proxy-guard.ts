import { delay } from 'msw';
import { apiErrorResponse, bffErrorResponse, rejectWithoutCsrf } from './errors.ts';
import { currentScenario } from './scenario.ts';
import { mockSession, mockSessionExpired, spendAccessToken } from './session.ts';

/** How long `slow-api` makes every API call wait. */
export const slowApiDelayMs = 3000;

/**
 * What the BFF's proxy decides before an API sees the request, and the scenarios' failure modes
 * of the APIs. `undefined` means "go on to the API". The CSRF header is needed on every route;
 * the session only on routes with the user's token (`user`): a `client` route sends the BFF's
 * own token, which the contract lets it send without a session.
 *
 * @example
 * ```ts
 * http.get('/api/notes', async ({ request }) => (await proxyGuard(request)) ?? HttpResponse.json([]));
 * ```
 */
export async function proxyGuard(
  request: Request,
  token: 'user' | 'client' = 'user',
): Promise<Response | undefined> {
  const rejected = rejectWithoutCsrf(request);
  if (rejected) return rejected;
  if (token === 'user') {
    if (!mockSession()) {
      return bffErrorResponse(mockSessionExpired() ? 'session_expired' : 'unauthenticated');
    }
    if (!spendAccessToken()) return bffErrorResponse('session_expired');
  }
  const scenario = currentScenario();
  if (scenario === 'slow-api') await delay(slowApiDelayMs);
  // What the sample API answers when it fails; the BFF passes the API's answer through.
  if (scenario === 'api-500') {
    return apiErrorResponse(500, 'server_error', 'the API failed unexpectedly');
  }
  return undefined;
}
