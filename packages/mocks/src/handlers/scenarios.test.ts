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

describe('a silent login (prompt=none)', () => {
  test('in anonymous, where the IdP has no session either, comes back with login_required', async () => {
    useScenario('anonymous');
    const response = await call('/bff/login?returnTo=%2Fnotes&prompt=none');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/notes?login_error=login_required');
    expect((await call('/bff/user')).status).toBe(401);
  });

  test("in idp-session, signed out of the app with the IdP's session alive, signs alice in", async () => {
    useScenario('idp-session');
    expect((await call('/bff/user')).status).toBe(401);
    const response = await call('/bff/login?returnTo=%2Fnotes&prompt=none');
    expect(response.headers.get('location')).toBe('/notes');
    expect(await answer('/bff/user')).toMatchObject({ status: 200, body: { sub: 'alice' } });
  });

  test('with mfa in acr_values (a silent step-up), in idp-session, signs alice in with the mfa acr', async () => {
    useScenario('idp-session');
    const response = await call(
      '/bff/login?returnTo=%2Fnotes&prompt=none&acr_values=urn%3Acloakroom%3Aacr%3Amfa',
    );
    expect(response.headers.get('location')).toBe('/notes');
    expect(await answer('/bff/user')).toMatchObject({
      status: 200,
      body: { sub: 'alice', claims: { acr: 'urn:cloakroom:acr:mfa' } },
    });
  });

  test('a prompt the BFF does not know is 400 invalid_prompt', async () => {
    expect(await answer('/bff/login?returnTo=%2F&prompt=silent')).toMatchObject({
      status: 400,
      body: { error: 'invalid_prompt' },
    });
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

describe('the three /me routes of the several-APIs page', () => {
  test('answer three different tokens: two for alice, one for the BFF itself', async () => {
    const answers = await Promise.all(
      ['/api/me', '/api/billing/me', '/api/billing-service/me'].map(answer),
    );
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200]);
    const identities = answers.map(({ body }) => body as Record<string, unknown>);
    expect(identities).toEqual([
      expect.objectContaining({ sub: 'alice', aud: 'api', clientId: 'cloakroom-bff' }),
      expect.objectContaining({ sub: 'alice', aud: 'urn:cloakroom:billing', scope: 'billing' }),
      expect.objectContaining({ sub: 'cloakroom-bff', aud: 'urn:cloakroom:billing', scope: '' }),
    ]);
    const fingerprints = identities.map(({ tokenFingerprint }) => tokenFingerprint);
    expect(new Set(fingerprints).size).toBe(3);
    for (const fingerprint of fingerprints) expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    for (const { tokenExpiresAt } of identities) {
      expect(tokenExpiresAt).toBeGreaterThan(Date.now() / 1000);
    }
  });

  test('the client-token route needs the CSRF header but no session, like the real BFF', async () => {
    useScenario('anonymous');
    expect((await answer('/api/billing/me')).status).toBe(401);
    expect((await answer('/api/billing-service/me')).body).toMatchObject({ sub: 'cloakroom-bff' });
    const withoutCsrf = await fetch(`${origin}/api/billing-service/me`);
    expect(withoutCsrf.status).toBe(403);
  });

  test("a user's token never outlives the session; the BFF's own token may", async () => {
    useScenario('expiring'); // the session ends in 60 s, before the tokens' 300 s
    const ends = async (path: string) =>
      ((await answer(path)).body as { tokenExpiresAt: number }).tokenExpiresAt;
    const sessionEnd = ((await answer('/bff/user')).body as { expiresAt: number }).expiresAt;
    expect(await ends('/api/me')).toBe(sessionEnd);
    expect(await ends('/api/billing/me')).toBe(sessionEnd);
    expect(await ends('/api/billing-service/me')).toBeGreaterThan(sessionEnd);
  });

  test('a renewed token is another token: new fingerprint, later expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    useScenario('alice');
    const before = (await answer('/api/billing/me')).body as Record<string, number | string>;
    vi.setSystemTime(Date.now() + 301_000);
    const after = (await answer('/api/billing/me')).body as Record<string, number | string>;
    expect(after['tokenFingerprint']).not.toBe(before['tokenFingerprint']);
    expect(after['tokenExpiresAt']).toBe(Number(before['tokenExpiresAt']) + 300);
  });
});

describe('billing-down', () => {
  test('both billing routes answer 502 upstream_unavailable; /api still answers', async () => {
    useScenario('billing-down');
    for (const path of ['/api/billing/me', '/api/billing-service/me']) {
      expect(await answer(path)).toEqual({
        status: 502,
        body: { error: 'upstream_unavailable', message: 'The API cannot be reached.' },
      });
    }
    expect(await answer('/api/me')).toMatchObject({ status: 200, body: { aud: 'api' } });
  });
});
