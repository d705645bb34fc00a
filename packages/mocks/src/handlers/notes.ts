import { http, HttpResponse } from 'msw';
import { errorCatalog, type StepUpErrorBody } from '@cloakroom/contract';
import { apiErrorResponse } from '../errors.ts';
import { mockApiIdentity } from '../mock-tokens.ts';
import { notesStore } from '../notes-store.ts';
import { proxyGuard } from '../proxy-guard.ts';
import { mfaAcr, mockAcr } from '../scenario.ts';

/** The sample API's longest note, in characters (code points) after trimming. */
const maxNoteLength = 500;

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
 * The sample API behind the BFF's `/api` proxy (audience `api`, the login's token): `/api/me`
 * and the notes.
 *
 * @example
 * ```ts
 * const worker = setupWorker(...notesHandlers);
 * ```
 */
export const notesHandlers = [
  http.get('/api/me', async ({ request }) => {
    return (await proxyGuard(request)) ?? HttpResponse.json(mockApiIdentity('user'));
  }),

  http.get('/api/notes', async ({ request }) => {
    return (await proxyGuard(request)) ?? HttpResponse.json(notesStore.list());
  }),

  http.post('/api/notes', async ({ request }) => {
    const blocked = await proxyGuard(request);
    if (blocked) return blocked;
    const body: unknown = await request.json().catch(() => undefined);
    const text = parseNoteText(body);
    if (text instanceof Response) return text;
    return HttpResponse.json(notesStore.add(text), { status: 201 });
  }),

  http.delete('/api/notes/:id', async ({ request, params }) => {
    const blocked = await proxyGuard(request);
    if (blocked) return blocked;
    // The sample API asks for a stronger login to delete; the BFF says so as step_up_required.
    if (mockAcr() !== mfaAcr) {
      return HttpResponse.json(
        {
          error: 'step_up_required',
          message: errorCatalog.step_up_required.message,
          acrValues: mfaAcr,
        } satisfies StepUpErrorBody,
        { status: 401 },
      );
    }
    return notesStore.remove(String(params['id']))
      ? new HttpResponse(null, { status: 204 })
      : apiErrorResponse(404, 'not_found', 'no such note');
  }),
];
