import { describe, expect, it } from 'vitest';
import { cookieName, HttpBrowser, parseSetCookie } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';

const stack = useStack();

describe('GET /bff/login', () => {
  it('redirects to the IdP with code, S256 PKCE, state and nonce', async () => {
    const browser = new HttpBrowser();
    const response = await browser.request(`${stack.bffUrl}/bff/login?returnTo=/notes`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(stack.idp.issuer);
    const params = location.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('client_id')).toBe('cloakroom-bff');
    expect(params.get('redirect_uri')).toBe(`${stack.bffUrl}/bff/callback`);
  });

  it('keeps the login transaction in its own Lax, HttpOnly, __Host- cookie named after the state', async () => {
    const browser = new HttpBrowser();
    const response = await browser.request(`${stack.bffUrl}/bff/login`);
    const state = new URL(response.headers.get('location')!).searchParams.get('state')!;
    const line = response.headers
      .getSetCookie()
      .find((l) => l.startsWith(`__Host-cloakroom-login-${state}=`));
    expect(line).toBeDefined();
    const cookie = parseSetCookie(line!);
    expect(cookie.attributes.samesite).toBe('lax');
    expect(cookie.attributes.httponly).toBe(true);
    expect(cookie.attributes.secure).toBe(true);
    expect(cookie.attributes.path).toBe('/');
    expect(cookie.attributes.domain).toBeUndefined();
    expect(cookie.value).not.toContain(state);
  });

  it('gives each concurrent login flow its own transaction cookie (several tabs)', async () => {
    const browser = new HttpBrowser();
    await browser.request(`${stack.bffUrl}/bff/login`);
    await browser.request(`${stack.bffUrl}/bff/login`);
    const loginCookies = browser.jar
      .all('localhost')
      .filter((c) => c.name.startsWith('__Host-cloakroom-login-'));
    expect(loginCookies).toHaveLength(2);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    '/a%0d%0a'.replace('%0d%0a', '\r\n'),
    'notes',
  ])('refuses returnTo %j with 400 invalid_return_to', async (returnTo) => {
    const url = new URL(`${stack.bffUrl}/bff/login`);
    url.searchParams.set('returnTo', returnTo);
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_return_to' });
  });

  it('refuses POST with 405 method_not_allowed', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/login`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: 'method_not_allowed' });
  });
});

describe('a full login through the IdP', () => {
  it('lands on returnTo with a new session cookie that is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
    const browser = await stack.login(undefined, '/notes?tab=1');
    const last = browser.hops.at(-1)!;
    expect(last.url).toBe(`${stack.bffUrl}/notes?tab=1`);
    const line = browser.jar.received.find(
      (r) => r.line.startsWith(`${cookieName}=`) && !r.line.startsWith(`${cookieName}=;`),
    );
    expect(line).toBeDefined();
    const cookie = parseSetCookie(line!.line);
    expect(cookie.attributes.httponly).toBe(true);
    expect(cookie.attributes.secure).toBe(true);
    expect(cookie.attributes.samesite).toBe('strict');
    expect(cookie.attributes.path).toBe('/');
    expect(cookie.attributes.domain).toBeUndefined();
    // An opaque id of 256 bits, not a token or the session's contents.
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers the callback with 303 to returnTo and clears the login cookie', async () => {
    const browser = await stack.login();
    const callbackHop = browser.hops.find((h) => h.url.startsWith(`${stack.bffUrl}/bff/callback`))!;
    expect(callbackHop.status).toBe(303);
    expect(callbackHop.location).toBe('/');
    expect(
      browser.jar.all('localhost').filter((c) => c.name.startsWith('__Host-cloakroom-login-')),
    ).toEqual([]);
  });

  it('issues a different session id at every login', async () => {
    const first = await stack.login();
    const second = await stack.login();
    expect(first.jar.get('localhost', cookieName)!.value).not.toBe(
      second.jar.get('localhost', cookieName)!.value,
    );
  });

  it('ends the previous session of the same browser when it logs in again', async () => {
    const browser = await stack.login();
    const oldId = browser.jar.get('localhost', cookieName)!.value;
    const { loginOverHttp } = await import('@cloakroom/testkit');
    browser.jar.clear('127.0.0.1'); // no single sign-on at the IdP: show its login form again
    await loginOverHttp(browser, stack.bffUrl, { login: 'bob', password: 'bob-pw' });
    expect(browser.jar.get('localhost', cookieName)!.value).not.toBe(oldId);
    const stale = new HttpBrowser();
    stale.jar.set('localhost', cookieName, oldId);
    const response = await stack.call(stale, '/bff/user');
    expect(response.status).toBe(401);
  });
});
