import { mfaAcr, mockLogin } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { apiFetch } from './api-fetch.ts';
import { CloakroomError } from './cloakroom-error.ts';

function failWith(status: number, body: { error: string; message: string }) {
  server.use(http.get('/api/thing', () => HttpResponse.json(body, { status })));
  return apiFetch('/api/thing').catch((error: unknown) => error);
}

describe('apiFetch', () => {
  test('sends X-CSRF: 1 on every request, whatever headers the caller gives', async () => {
    const seen: Array<string | null> = [];
    const record = ({ request }: { request: Request }) => seen.push(request.headers.get('x-csrf'));
    server.events.on('request:start', record);
    await apiFetch('/bff/user');
    await apiFetch('/api/notes', { headers: { 'X-CSRF': '0', Accept: 'application/json' } });
    await apiFetch('/api/notes', { method: 'POST', json: { text: 'hi' } });
    await apiFetch('/bff/logout', { method: 'POST' });
    server.events.removeListener('request:start', record);
    expect(seen).toEqual(['1', '1', '1', '1']);
  });

  test('without the header the mock BFF answers 403 csrf, like the real one', async () => {
    const response = await fetch('/api/notes');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf' });
  });

  test('sends json as a JSON body and returns the parsed answer', async () => {
    const note = await apiFetch<{ text: string }>('/api/notes', {
      method: 'POST',
      json: { text: 'hello' },
    });
    expect(note.text).toBe('hello');
  });

  test('returns undefined for an empty answer such as 204', async () => {
    mockLogin('/', { acrValues: mfaAcr }); // deleting needs a step-up in the mocks, as at the sample API
    await expect(apiFetch('/api/notes/n1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  test.each([
    [400, 'invalid_note'],
    [401, 'unauthenticated'],
    [401, 'session_expired'],
    [403, 'csrf'],
    [429, 'rate_limited'],
    [502, 'upstream_unavailable'],
    [503, 'idp_unavailable'],
    [504, 'upstream_timeout'],
  ])('turns a %i {"error":"%s"} into a CloakroomError with that code', async (status, code) => {
    const error = await failWith(status, { error: code, message: `about ${code}` });
    expect(error).toBeInstanceOf(CloakroomError);
    expect(error).toMatchObject({ code, status, message: `about ${code}` });
  });

  test('a failure without the error JSON gets code http_error', async () => {
    server.use(http.get('/api/thing', () => new HttpResponse('Bad gateway', { status: 502 })));
    await expect(apiFetch('/api/thing')).rejects.toMatchObject({ code: 'http_error', status: 502 });
  });

  test('a network failure gets code network_error and status 0', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.error()));
    await expect(apiFetch('/api/thing')).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });
});

describe('the test server', () => {
  test('fails a request that no handler knows (onUnhandledFrame: error)', async () => {
    await expect(apiFetch('/api/unknown-resource')).rejects.toMatchObject({
      code: 'network_error',
    });
  });
});
