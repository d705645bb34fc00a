import { describe, expect, it } from 'vitest';
import { cookieName, HttpBrowser, scanForSecrets } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';

const stack = useStack();

describe('GET /bff/user', () => {
  it("answers the logged-in user's sub, claims and session expiry, and no token", async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/user');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.sub).toBe('alice');
    expect(body.claims).toMatchObject({
      sub: 'alice',
      name: expect.any(String),
      email: 'alice@example.com',
    });
    expect(body.claims.nonce).toBeUndefined();
    expect(body.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(scanForSecrets(text)).toEqual([]);
  });

  it('answers 401 unauthenticated without a session', async () => {
    const response = await stack.call(new HttpBrowser(), '/bff/user');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'unauthenticated',
      message: expect.any(String),
    });
  });

  it('answers 403 csrf without the X-CSRF header, even with a valid session', async () => {
    const browser = await stack.login();
    const response = await browser.request(`${stack.bffUrl}/bff/user`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf' });
  });

  it('answers 403 csrf when Origin names another origin, even with the header', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/user', {
      headers: { origin: 'http://127.0.0.1:4002' },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf' });
  });

  it('answers 403 csrf when the browser says the request is cross-site', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/user', {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
  });

  it('accepts the same-origin Origin header', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/user', { headers: { origin: stack.bffUrl } });
    expect(response.status).toBe(200);
  });

  it('treats a tampered session cookie as no session', async () => {
    const browser = await stack.login();
    const cookie = browser.jar.get('localhost', cookieName)!;
    const flipped = (cookie.value[0] === 'A' ? 'B' : 'A') + cookie.value.slice(1);
    browser.jar.set('localhost', cookieName, flipped);
    const response = await stack.call(browser, '/bff/user');
    expect(response.status).toBe(401);
  });
});

describe('unknown BFF paths', () => {
  it('answers 404 not_found as JSON', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
