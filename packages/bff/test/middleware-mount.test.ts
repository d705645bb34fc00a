import { describe, expect, it } from 'vitest';
import { HttpBrowser } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

// The other suites run the BFF as the deployable server does (`bff.listener`, `/api` past Koa).
// A host app may mount only `app.use(bff.middleware)`: the API path must behave the same there.
describe('/api with the BFF mounted only as Koa middleware', () => {
  const stack = useStack({ mount: 'middleware' });

  it("forwards with the user's access token and our security headers", async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/me');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.json()).toMatchObject({ sub: 'alice' });
  });

  it('refuses a call without X-CSRF with the JSON error, uncached', async () => {
    const browser = await stack.login();
    const response = await browser.request(`${stack.bffUrl}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await readJson(response)).toMatchObject({ error: 'csrf', message: expect.any(String) });
  });

  it('answers 401 unauthenticated without a session, and after logout', async () => {
    const stranger = new HttpBrowser();
    const none = await stack.call(stranger, '/api/me');
    expect(none.status).toBe(401);
    expect(await readJson(none)).toMatchObject({ error: 'unauthenticated' });

    const browser = await stack.login();
    const logout = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(logout.status).toBeLessThan(400);
    await logout.body?.cancel();
    const after = await stack.call(browser, '/api/me');
    expect(after.status).toBe(401);
    await after.body?.cancel();
  });

  it('still passes requests outside /api and /bff to the host app', async () => {
    const response = await fetch(`${stack.bffUrl}/somewhere`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('page /somewhere');
  });
});
