import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { server } from '../node.ts';
import { resetMocks } from '../reset-mocks.ts';
import { useScenario } from '../scenario.ts';

// The mock sessions endpoints, checked against what the real BFF answers (CONTRACT.md,
// "Sessions, step-up and login errors").

const origin = 'http://localhost:5173';
const call = (path: string, init: RequestInit = {}, csrf = true) =>
  fetch(origin + path, { ...init, headers: csrf ? { 'x-csrf': '1' } : {} });
const list = async () =>
  ((await (await call('/bff/sessions')).json()) as { sessions: Array<Record<string, unknown>> })
    .sessions;

beforeAll(() => {
  vi.stubGlobal('location', new URL(origin + '/'));
  server.listen({ onUnhandledFrame: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  resetMocks();
});
afterAll(() => {
  server.close();
  vi.unstubAllGlobals();
});

describe('GET /bff/sessions', () => {
  test('lists this browser’s session alone for alice, in the contract’s shape', async () => {
    const sessions = await list();
    expect(sessions).toEqual([
      {
        id: expect.any(String),
        createdAt: expect.any(Number),
        lastSeenAt: expect.any(Number),
        userAgent: expect.any(String),
        current: true,
      },
    ]);
  });

  test('lists four sessions, newest first, in several-sessions', async () => {
    useScenario('several-sessions');
    const sessions = await list();
    expect(sessions).toHaveLength(4);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const created = sessions.map((s) => s.createdAt as number);
    expect(created).toEqual(created.toSorted((a, b) => b - a));
  });

  test('answers 403 csrf without the header, 401 when anonymous, 503 in sessions-down', async () => {
    const noHeader = await call('/bff/sessions', {}, false);
    expect([noHeader.status, ((await noHeader.json()) as { error: string }).error]).toEqual([
      403,
      'csrf',
    ]);
    useScenario('sessions-down');
    expect((await call('/bff/sessions')).status).toBe(503);
    useScenario('anonymous');
    expect(await (await call('/bff/sessions')).json()).toMatchObject({
      error: 'unauthenticated',
    });
  });
});

describe('DELETE /bff/sessions/:id', () => {
  test('ends another session (204) and it leaves the list; an unknown id is 404 not_found', async () => {
    useScenario('several-sessions');
    const other = (await list()).find((s) => !s.current)!;
    expect((await call(`/bff/sessions/${String(other.id)}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await list()).map((s) => s.id)).not.toContain(other.id);
    const again = await call(`/bff/sessions/${String(other.id)}`, { method: 'DELETE' });
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([
      404,
      'not_found',
    ]);
  });

  test('ending this browser’s own session signs it out', async () => {
    const [own] = await list();
    expect((await call(`/bff/sessions/${String(own!.id)}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/bff/user')).status).toBe(401);
  });
});
