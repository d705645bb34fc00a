import { describe, expect, it } from 'vitest';
import { cookieName, HttpBrowser } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

const minutes = (n: number) => n * 60_000;

const stack = useStack({ fakeClock: true });

const user = async (browser: HttpBrowser, query = '') => stack.call(browser, `/bff/user${query}`);

describe('session lifetimes (fake clock)', () => {
  it('ends a session left idle for 30 minutes', async () => {
    const browser = await stack.login();
    stack.advance(minutes(29));
    expect((await user(browser, '?passive=1')).status).toBe(200);
    stack.advance(minutes(2));
    const response = await stack.call(browser, '/api/me');
    expect(response.status).toBe(401);
    expect(await readJson(response)).toMatchObject({ error: 'session_expired' });
    // Cleared with the attributes a `__Host-` cookie was set with, or a browser ignores it.
    const cleared = response.headers.getSetCookie().find((l) => l.startsWith(`${cookieName}=;`));
    expect(cleared).toMatch(/;\s*path=\/(;|$)/i);
    expect(cleared).toMatch(/;\s*secure(;|$)/i);
    expect(cleared).toMatch(/;\s*expires=thu, 01 jan 1970/i);
    expect(browser.jar.get('localhost', cookieName)).toBeUndefined();
    expect((await user(browser)).status).toBe(401);
  });

  it('slides the idle timeout with use', async () => {
    const browser = await stack.login();
    for (let i = 0; i < 4; i += 1) {
      stack.advance(minutes(20));
      expect((await user(browser)).status).toBe(200);
    }
  });

  it('does not slide the session for passive polling', async () => {
    const browser = await stack.login();
    const { expiresAt } = await readJson<{ expiresAt: number }>(await user(browser, '?passive=1'));
    stack.advance(minutes(20));
    const polled = await readJson<{ expiresAt: number }>(await user(browser, '?passive=1'));
    expect(polled.expiresAt).toBe(expiresAt);
    stack.advance(minutes(11));
    expect((await user(browser, '?passive=1')).status).toBe(401);
  });

  it('reports the sliding expiry in /bff/user', async () => {
    const browser = await stack.login();
    const first = await readJson<{ expiresAt: number }>(await user(browser));
    stack.advance(minutes(10));
    await user(browser); // counts as use
    const second = await readJson<{ expiresAt: number }>(await user(browser, '?passive=1'));
    expect(second.expiresAt - first.expiresAt).toBeGreaterThanOrEqual(599);
  });

  it('ends a session at its absolute lifetime of 12 hours however active it is', async () => {
    const browser = await stack.login();
    for (let quarter = 1; quarter <= 47; quarter += 1) {
      stack.advance(minutes(15));
      expect((await user(browser)).status, `after ${quarter * 15} minutes`).toBe(200);
    }
    stack.advance(minutes(16));
    expect((await user(browser)).status).toBe(401);
  });
});
