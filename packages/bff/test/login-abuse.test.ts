import { describe, expect, it } from 'vitest';
import { HttpBrowser } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

const stack = useStack({ bffOptions: { loginRateLimitPerMinute: 5 } });

describe('login abuse', () => {
  it.each(['iframe', 'image', 'empty', 'script'])(
    'refuses to start a login from a %s request (only top-level navigations)',
    async (dest) => {
      const response = await fetch(`${stack.bffUrl}/bff/login`, {
        redirect: 'manual',
        headers: { 'sec-fetch-dest': dest, 'x-forwarded-for': `10.0.0.${dest.length}` },
      });
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    },
  );

  it('rate-limits logins per client address with 429 and Retry-After', async () => {
    const responses: Response[] = [];
    for (let i = 0; i < 7; i += 1) {
      responses.push(
        await fetch(`${stack.bffUrl}/bff/login`, {
          redirect: 'manual',
          headers: { 'sec-fetch-dest': 'document' },
        }),
      );
    }
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(5);
    const limited = responses.at(-1)!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await readJson(limited)).toMatchObject({ error: 'rate_limited' });
  });
});

describe('login transactions per browser', () => {
  const roomy = useStack();
  const loginCookiePrefix = '__Host-cloakroom-login-';

  /** Starts a login in `browser` as a top-level navigation; the state it was given. */
  async function startLogin(browser: HttpBrowser, returnTo: string): Promise<string> {
    const response = await browser.request(
      `${roomy.bffUrl}/bff/login?returnTo=${encodeURIComponent(returnTo)}`,
      { headers: { 'sec-fetch-dest': 'document' } },
    );
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!).searchParams.get('state')!;
  }
  const loginCookies = (browser: HttpBrowser) =>
    browser.jar.all('localhost').filter((c) => c.name.startsWith(loginCookiePrefix));

  it('holds at most 5 live login transactions, clearing the oldest one’s cookie', async () => {
    const browser = new HttpBrowser();
    const states: string[] = [];
    for (let i = 0; i < 6; i += 1) states.push(await startLogin(browser, `/tab-${i}`));
    const names = loginCookies(browser).map((c) => c.name);
    expect(names.toSorted()).toEqual(
      states
        .slice(1)
        .map((s) => loginCookiePrefix + s)
        .toSorted(),
    );
  });

  it('keeps six logins with a long returnTo from pushing the Cookie header past its limits', async () => {
    const browser = new HttpBrowser();
    const returnTo = `/${'a'.repeat(2040)}`;
    let newest = '';
    for (let i = 0; i < 6; i += 1) newest = await startLogin(browser, returnTo);
    const cookies = loginCookies(browser);
    const total = cookies.reduce((sum, c) => sum + c.name.length + c.value.length + 2, 0);
    expect(total).toBeLessThan(8 * 1024);
    // The login just started is always kept.
    expect(cookies.map((c) => c.name)).toContain(loginCookiePrefix + newest);
    // Every request to the origin still gets through (before: 431 for ten minutes).
    const response = await roomy.call(browser, '/bff/user');
    expect(response.status).toBe(401);
  });

  it('refuses a returnTo of 2,047 × é (over 2048 characters once percent-encoded) with 400', async () => {
    const response = await fetch(
      `${roomy.bffUrl}/bff/login?returnTo=${encodeURIComponent(`/${'é'.repeat(2047)}`)}`,
      { redirect: 'manual', headers: { 'sec-fetch-dest': 'document' } },
    );
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
