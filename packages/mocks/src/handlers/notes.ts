import type { ApiIdentity } from '@cloakroom/contract';
import { delay, http, HttpResponse } from 'msw';
import { apiErrorResponse, bffErrorResponse, rejectWithoutCsrf } from '../errors.ts';
import { notesStore } from '../notes-store.ts';
import { currentScenario } from '../scenario.ts';
import { alice, mockSessionExpired, mockSession, spendAccessToken } from '../session.ts';

/** The sample API's longest note, in characters (code points) after trimming. */
const maxNoteLength = 500;

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
    return bffErrorResponse(mockSessionExpired() ? 'session_expired' : 'unauthenticated');
  }
  if (!spendAccessToken()) return bffErrorResponse('session_expired');
  const scenario = currentScenario();
  if (scenario === 'slow-api') await delay(slowApiDelayMs);
  // What the sample API answers when it fails; the BFF passes the API's answer through.
  if (scenario === 'api-500') {
    return apiErrorResponse(500, 'server_error', 'the API failed unexpectedly');
  }
  return undefined;
}

/** The dev IdP's access-token lifetime (IDP_ACCESS_TOKEN_TTL's default), in seconds. */
const accessTokenTtlSeconds = 300;

/**
 * What the sample API's `GET /me` answers for alice's session token. There is no token in the
 * mocks: the fingerprint is a fixed stand-in, the expiry the dev IdP's default lifetime from
 * now (never past the session's end).
 */
function aliceIdentity(): ApiIdentity {
  const now = Math.floor(Date.now() / 1000);
  const sessionEnd = mockSession()?.expiresAt ?? now;
  return {
    sub: alice.sub,
    scope: 'openid profile email',
    aud: 'api',
    clientId: 'cloakroom-bff',
    tokenFingerprint: 'a11ce5e55101',
    tokenExpiresAt: Math.min(now + accessTokenTtlSeconds, sessionEnd),
  };
}

/** The sample API's check of a `POST /notes` body, with its answers: the trimmed text or a 400. */
function parseNoteText(body: unknown): string | Response {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return apiErrorResponse(400, 'invalid_note', 'send a JSON object like {"text": "..."}');
  }
  const { text } = body as { text?: unknown };
  if (typeof text !== 'string') {
    return apiErrorResponse(400, 'invalid_note', '"text" must be a string');
  }
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > maxNoteLength) {
    return apiErrorResponse(400, 'invalid_note', `"text" must be 1 to ${maxNoteLength} characters`);
  }
  return trimmed;
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
    return (await guard(request)) ?? HttpResponse.json(aliceIdentity());
  }),

  http.get('/api/notes', async ({ request }) => {
    return (await guard(request)) ?? HttpResponse.json(notesStore.list());
  }),

  http.post('/api/notes', async ({ request }) => {
    const blocked = await guard(request);
    if (blocked) return blocked;
    const body: unknown = await request.json().catch(() => undefined);
    const text = parseNoteText(body);
    if (text instanceof Response) return text;
    return HttpResponse.json(notesStore.add(text), { status: 201 });
  }),

  http.delete('/api/notes/:id', async ({ request, params }) => {
    const blocked = await guard(request);
    if (blocked) return blocked;
    return notesStore.remove(String(params['id']))
      ? new HttpResponse(null, { status: 204 })
      : apiErrorResponse(404, 'not_found', 'no such note');
  }),
];
