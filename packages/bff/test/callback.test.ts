import { describe, expect, it } from 'vitest';
import { cookieName, HttpBrowser, navigate } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { callbackUrlFor as callbackUrlForStack } from './support/callback-url.ts';

const stack = useStack();

const callbackUrlFor = (browser: HttpBrowser) => callbackUrlForStack(stack.bffUrl, browser);

const sessionCookieSet = (response: Response) =>
  response.headers
    .getSetCookie()
    .some((line) => line.startsWith(`${cookieName}=`) && !line.startsWith(`${cookieName}=;`));

/** Starts a login for `returnTo` and answers its state (the login cookie is in the browser). */
async function startLogin(browser: HttpBrowser, returnTo: string): Promise<string> {
  const response = await browser.request(`${stack.bffUrl}/bff/login?returnTo=${returnTo}`);
  return new URL(response.headers.get('location')!).searchParams.get('state')!;
}

describe('GET /bff/callback on a browser navigation', () => {
  it("sends an IdP refusal back to returnTo with the IdP's code as login_error, no JSON page", async () => {
    const browser = new HttpBrowser();
    const state = await startLogin(browser, '/notes');
    const url = `${stack.bffUrl}/bff/callback?state=${state}&error=access_denied`;
    const answer = await navigate(url, { cookie: browser.jar.header(url)! });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/notes?login_error=access_denied');
  });

  it('sends a callback without its login transaction back to / with login_error', async () => {
    const answer = await navigate(`${stack.bffUrl}/bff/callback?state=${'A'.repeat(43)}&code=x`);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/?login_error=login_transaction_missing');
  });

  it('never repeats an IdP error code that is not a plain OAuth code: login_failed instead', async () => {
    const browser = new HttpBrowser();
    const state = await startLogin(browser, '/');
    const url = `${stack.bffUrl}/bff/callback?state=${state}&error=%3Cscript%3E`;
    const answer = await navigate(url, { cookie: browser.jar.header(url)! });
    expect(answer.location).toBe('/?login_error=login_failed');
  });
});

describe('GET /bff/callback', () => {
  it('refuses a state that does not match the login cookie with 400 and no session', async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    url.searchParams.set('state', 'A'.repeat(43));
    const response = await browser.request(url.href);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'login_transaction_missing' });
    expect(sessionCookieSet(response)).toBe(false);
  });

  it('refuses a callback whose login cookie is missing (another browser, or login CSRF)', async () => {
    const victim = new HttpBrowser();
    const attacker = new HttpBrowser();
    const url = await callbackUrlFor(attacker);
    const response = await victim.request(url.href);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'login_transaction_missing' });
    expect(sessionCookieSet(response)).toBe(false);
  });

  it('refuses a malformed state with 400 invalid_callback', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/callback?code=x&state=%3Cscript%3E`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_callback' });
  });

  it('turns an IdP error answer into 400 login_failed with no session', async () => {
    const browser = new HttpBrowser();
    const login = await browser.request(`${stack.bffUrl}/bff/login`);
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const response = await browser.request(
      `${stack.bffUrl}/bff/callback?error=access_denied&error_description=nope&state=${state}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'login_failed' });
    expect(sessionCookieSet(response)).toBe(false);
  });

  it('refuses a replayed callback: the login cookie is single-use', async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    const loginCookies = browser.jar
      .all('localhost')
      .filter((c) => c.name.startsWith('__Host-cloakroom-login-'));
    const first = await browser.request(url.href);
    expect(first.status).toBe(303);
    for (const c of loginCookies) browser.jar.set('localhost', c.name, c.value);
    const replay = await browser.request(url.href);
    expect(replay.status).toBe(400);
    expect(sessionCookieSet(replay)).toBe(false);
  });

  it('refuses a forged authorization code with 400 and no session', async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    url.searchParams.set('code', 'forged-code');
    const response = await browser.request(url.href);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'login_failed' });
    expect(sessionCookieSet(response)).toBe(false);
  });

  it("checks the RFC 9207 iss the IdP sends: another issuer's response is refused (mix-up)", async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    expect(url.searchParams.get('iss')).toBe(stack.idp.issuer);
    url.searchParams.set('iss', 'http://127.0.0.1:1/evil');
    const response = await browser.request(url.href);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'login_failed' });
    expect(sessionCookieSet(response)).toBe(false);
  });

  it('refuses a response without iss from an IdP that advertises it (RFC 9207)', async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    url.searchParams.delete('iss');
    const response = await browser.request(url.href);
    expect(response.status).toBe(400);
    expect(sessionCookieSet(response)).toBe(false);
  });

  it('sends no Referer from the callback page (the code is in its URL)', async () => {
    const browser = new HttpBrowser();
    const url = await callbackUrlFor(browser);
    const response = await browser.request(url.href);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
