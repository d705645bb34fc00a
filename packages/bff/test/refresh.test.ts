import { http, HttpResponse, passthrough, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cookieName } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

// msw sits in front of the BFF's calls to the IdP (openid-client uses fetch) so the IdP can
// misbehave on cue; every other request (the test's own, the proxy's undici pool) passes.
const idpFaults = setupServer();
const stack = useStack({ fakeClock: true });
const minutes = (n: number) => n * 60_000;
const refreshGrants = () => stack.idp.stats.grants.refresh_token ?? 0;

beforeAll(() => {
  idpFaults.listen({
    // msw 3's name for onUnhandledRequest. Loopback traffic is the real stack and passes; any
    // other destination is an error (nothing here may leave the machine).
    onUnhandledFrame({ frame, defaults }) {
      const request = (frame.data as { request?: Request }).request;
      const host = request ? new URL(request.url).hostname : '';
      if (host !== '127.0.0.1' && host !== 'localhost') defaults.error();
    },
  });
});
afterEach(() => idpFaults.resetHandlers());
afterAll(() => {
  idpFaults.close();
});

/** Logs in and then lets the access token (300 s) expire on the BFF's clock. */
async function loginWithExpiredToken() {
  const browser = await stack.login();
  stack.advance(minutes(5) + 1_000);
  return browser;
}

describe('access token refresh', () => {
  it('refreshes once for 200 parallel API calls on an expired token, and all 200 succeed', async () => {
    const browser = await loginWithExpiredToken();
    const before = refreshGrants();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => stack.call(browser, '/api/me')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(refreshGrants() - before).toBe(1);
    expect(stack.idp.stats.grantErrors.invalid_grant ?? 0).toBe(0);
  });

  it('does not refresh again for calls that arrive just after a refresh', async () => {
    const browser = await loginWithExpiredToken();
    const before = refreshGrants();
    const first = await stack.call(browser, '/api/me');
    expect(first.status).toBe(200);
    const late = await Promise.all(
      Array.from({ length: 50 }, () => stack.call(browser, '/api/notes')),
    );
    expect(late.every((r) => r.status === 200)).toBe(true);
    expect(refreshGrants() - before).toBe(1);
  });

  it('ends the session with 401 session_expired when the refresh token is dead, and clears the cookie', async () => {
    const browser = await loginWithExpiredToken();
    idpFaults.use(
      http.post(`${stack.idp.issuer}/token`, () =>
        HttpResponse.json(
          { error: 'invalid_grant', error_description: 'grant request is invalid' },
          { status: 400 },
        ),
      ),
    );
    const response = await stack.call(browser, '/api/me');
    expect(response.status).toBe(401);
    expect(await readJson(response)).toMatchObject({ error: 'session_expired' });
    expect(response.headers.getSetCookie().some((l) => l.startsWith(`${cookieName}=;`))).toBe(true);
    idpFaults.resetHandlers();
    // Never "logged in but every call fails": the session is gone for /bff/user too.
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });

  it('answers 503 idp_unavailable when the IdP fails during refresh, keeps the session, and recovers', async () => {
    const browser = await loginWithExpiredToken();
    idpFaults.use(
      http.post(`${stack.idp.issuer}/token`, () => new HttpResponse('oops', { status: 500 })),
    );
    const failed = await stack.call(browser, '/api/me');
    expect(failed.status).toBe(503);
    expect(await readJson(failed)).toMatchObject({ error: 'idp_unavailable' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
    idpFaults.resetHandlers();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
  });

  it('answers 503 idp_unavailable when the IdP cannot be reached during refresh', async () => {
    const browser = await loginWithExpiredToken();
    idpFaults.use(http.post(`${stack.idp.issuer}/token`, () => HttpResponse.error()));
    const failed = await stack.call(browser, '/api/me');
    expect(failed.status).toBe(503);
    expect(await readJson(failed)).toMatchObject({ error: 'idp_unavailable' });
    idpFaults.resetHandlers();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
  });

  it('does not bring a session back when the user logs out while a refresh is in flight', async () => {
    const browser = await loginWithExpiredToken();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    idpFaults.use(
      http.post(`${stack.idp.issuer}/token`, async () => {
        await held;
        return passthrough();
      }),
    );
    const inFlight = stack.call(browser, '/api/me');
    await delay(100);
    const logout = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(logout.status).toBe(200);
    release();
    const late = await inFlight;
    expect(late.status).toBe(401);
    const cookieValue = browser.jar.get('localhost', cookieName);
    expect(cookieValue).toBeUndefined();
    // Even replaying the old cookie finds nothing: the refresh's write was refused.
    expect(stack.store).toBeDefined();
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });
});
