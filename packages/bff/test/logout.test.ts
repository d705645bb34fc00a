import { describe, expect, it, vi } from 'vitest';
import { cookieName, HttpBrowser } from '@cloakroom/testkit';
import { startStack, useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

const stack = useStack();

describe('POST /bff/logout', () => {
  it('destroys the session, clears the cookie and answers the IdP end-session URL without id_token_hint', async () => {
    const browser = await stack.login();
    const sessionId = browser.jar.get('localhost', cookieName)!.value;
    const response = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    const { redirectTo } = await readJson<{ redirectTo: string }>(response);
    const url = new URL(redirectTo);
    expect(url.origin).toBe(stack.idp.issuer);
    expect(url.searchParams.get('client_id')).toBe('cloakroom-bff');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.bffUrl}/`);
    expect(url.searchParams.has('id_token_hint')).toBe(false);
    // Always a fresh random state: some IdPs redirect back only when one is sent.
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{32,}$/);
    const cleared = response.headers.getSetCookie().find((l) => l.startsWith(`${cookieName}=`));
    expect(cleared).toMatch(/^__Host-cloakroom=;/);

    // The old cookie value no longer works anywhere: the session is gone server-side.
    const replay = new HttpBrowser();
    replay.jar.set('localhost', cookieName, sessionId);
    expect((await stack.call(replay, '/bff/user')).status).toBe(401);
    expect((await stack.call(replay, '/api/me')).status).toBe(401);
  });

  it('revokes the refresh token at the IdP', async () => {
    const before = stack.idp.stats.revocations;
    const browser = await stack.login();
    await stack.call(browser, '/bff/logout', { method: 'POST' });
    // In the background: the answer does not wait for the IdP.
    await vi.waitFor(() => expect(stack.idp.stats.revocations).toBe(before + 1), {
      timeout: 5_000,
      interval: 20,
    });
  });

  it('refuses logout without the CSRF header and keeps the session', async () => {
    const browser = await stack.login();
    const response = await browser.request(`${stack.bffUrl}/bff/logout`, { method: 'POST' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });

  it('refuses GET with 405', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/logout');
    expect(response.status).toBe(405);
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });

  it('answers 200 with a redirect when there is no session (logout is idempotent)', async () => {
    const response = await stack.call(new HttpBrowser(), '/bff/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    expect((await readJson(response)).redirectTo).toEqual(expect.any(String));
  });
});

describe('POST /bff/logout with logoutIdTokenHint (for IdPs that insist)', () => {
  it('adds the ID token as id_token_hint only when configured', async () => {
    const hinted = await startStack({ bffOptions: { logoutIdTokenHint: true } });
    try {
      const browser = await hinted.login();
      const response = await hinted.call(browser, '/bff/logout', { method: 'POST' });
      const { redirectTo } = await readJson<{ redirectTo: string }>(response);
      expect(new URL(redirectTo).searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    } finally {
      await hinted.close();
    }
  });
});
