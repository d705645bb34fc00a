import { delay, http, HttpResponse } from 'msw';
import { errorResponse, rejectWithoutCsrf } from '../errors.ts';
import { notesStore } from '../notes-store.ts';
import { currentScenario } from '../scenario.ts';
import { alice, mockSessionExpired, mockSession } from '../session.ts';

/** How long `slow-api` makes every API call wait. */
export const slowApiDelayMs = 3000;

/**
 * What the BFF's proxy decides before the API sees the request: CSRF header, session, and the
 * scenario's failure modes. `undefined` means "go on to the API".
 */
async function guard(request: Request): Promise<Response | undefined> {
  const rejected = rejectWithoutCsrf(request);
  if (rejected) return rejected;
  if (!mockSession()) {
    return mockSessionExpired()
      ? errorResponse(401, 'session_expired', 'Your session has expired.')
      : errorResponse(401, 'unauthenticated', 'No session.');
  }
  const scenario = currentScenario();
  if (scenario === 'slow-api') await delay(slowApiDelayMs);
  if (scenario === 'api-500') {
    return errorResponse(500, 'server_error', 'The notes API failed (mock scenario api-500).');
  }
  return undefined;
}

/**
 * The sample API behind the BFF's `/api` proxy: `/api/me` and the notes.
 *
 * @example
 * ```ts
 * const worker = setupWorker(...notesHandlers);
 * ```
 */
export const notesHandlers = [
  http.get('/api/me', async ({ request }) => {
    return (await guard(request)) ?? HttpResponse.json({ sub: alice.sub, scope: 'openid notes' });
  }),

  http.get('/api/notes', async ({ request }) => {
    return (await guard(request)) ?? HttpResponse.json(notesStore.list());
  }),

  http.post('/api/notes', async ({ request }) => {
    const blocked = await guard(request);
    if (blocked) return blocked;
    const body: unknown = await request.json().catch(() => undefined);
    const text =
      typeof body === 'object' && body !== null && 'text' in body ? body.text : undefined;
    if (typeof text !== 'string' || text.trim() === '' || text.length > 500) {
      return errorResponse(400, 'invalid_note', 'A note needs text of 1 to 500 characters.');
    }
    return HttpResponse.json(notesStore.add(text.trim()), { status: 201 });
  }),

  http.delete('/api/notes/:id', async ({ request, params }) => {
    const blocked = await guard(request);
    if (blocked) return blocked;
    return notesStore.remove(String(params['id']))
      ? new HttpResponse(null, { status: 204 })
      : errorResponse(404, 'not_found', 'No such note.');
  }),
];
