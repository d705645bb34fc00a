import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { server } from '../node.ts';
import { resetMocks } from '../reset-mocks.ts';
import { useScenario } from '../scenario.ts';
import { accessTokenLifetimeMs } from '../session.ts';

// The two scenarios that show the SPA's "signed out" and "sign-in failed" banners in mock mode,
// checked against what the real BFF answers.

const origin = 'http://localhost:5173';
const call = (path: string, init: RequestInit = {}) =>
  fetch(origin + path, { ...init, headers: { 'x-csrf': '1' }, redirect: 'manual' });
const answer = async (path: string) => {
  const response = await call(path);
  return { status: response.status, body: (await response.json()) as unknown };
};

beforeAll(() => {
  // The handlers name relative paths, which msw resolves against the page's location.
  vi.stubGlobal('location', new URL(origin + '/'));
  server.listen({ onUnhandledFrame: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  resetMocks();
  vi.useRealTimers();
});
afterAll(() => {
  server.close();
  vi.unstubAllGlobals();
});

describe('session-expires', () => {
  test('API calls succeed until the access token runs out, then answer 401 session_expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    useScenario('session-expires');
    expect((await call('/api/notes')).status).toBe(200);
    expect((await call('/api/notes')).status).toBe(200); // StrictMode's repeated first request
    expect((await call('/bff/user')).status).toBe(200);
    vi.setSystemTime(Date.now() + accessTokenLifetimeMs);
    expect(await answer('/api/notes')).toEqual({
      status: 401,
      body: { error: 'session_expired', message: expect.any(String) },
    });
    expect(await answer('/api/me')).toMatchObject({
      status: 401,
      body: { error: 'session_expired' },
    });
    expect(await answer('/bff/user')).toMatchObject({
      status: 401,
      body: { error: 'unauthenticated' },
    });
  });

  test('logging in again starts a session that works again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    useScenario('session-expires');
    await call('/api/notes');
    vi.setSystemTime(Date.now() + accessTokenLifetimeMs);
    expect((await call('/api/notes')).status).toBe(401);
    expect((await call('/bff/login?returnTo=/notes')).headers.get('location')).toBe('/notes');
    expect((await call('/bff/user')).status).toBe(200);
    expect((await call('/api/notes')).status).toBe(200);
  });
});

describe('idp-down', () => {
  test('nobody is logged in', async () => {
    useScenario('idp-down');
    expect(await answer('/bff/user')).toMatchObject({
      status: 401,
      body: { error: 'unauthenticated' },
    });
  });

  test('a login goes back to returnTo with login_error=idp_unavailable and no session', async () => {
    useScenario('idp-down');
    const response = await call('/bff/login?returnTo=' + encodeURIComponent('/notes?tab=a#x'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/notes?tab=a&login_error=idp_unavailable#x');
    expect((await call('/bff/user')).status).toBe(401);
  });
});

describe('alice', () => {
  test("/api/me answers the sample API's ApiIdentity for the session's token", async () => {
    useScenario('alice');
    const me = await answer('/api/me');
    expect(me).toEqual({
      status: 200,
      body: {
        sub: 'alice',
        scope: 'openid profile email',
        aud: 'api',
        clientId: 'cloakroom-bff',
        tokenFingerprint: expect.stringMatching(/^[0-9a-f]{12}$/),
        tokenExpiresAt: expect.any(Number),
      },
    });
    const { tokenExpiresAt } = me.body as { tokenExpiresAt: number };
    expect(tokenExpiresAt * 1000).toBeGreaterThan(Date.now());
  });
});
