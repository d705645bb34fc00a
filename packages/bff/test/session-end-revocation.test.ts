import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryStore, type SessionStore } from '@cloakroom/bff';
import { loginOverHttp } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';
import { refreshAtIdp, storedRefreshToken } from './support/refresh-token.ts';

const minutes = (n: number) => n * 60_000;

/** A memory store that can run `action` once, after a read and before its answer is used. */
const memory = createMemoryStore({ now: () => Date.now() + clock.offset });
const clock = { offset: 0 };
let afterNextGet: (() => Promise<void>) | undefined;
const store: SessionStore = {
  ...memory,
  async get(key) {
    const record = await memory.get(key);
    const action = afterNextGet;
    afterNextGet = undefined;
    // The caller gets the record as it was; the store moves on meanwhile.
    if (action) await action();
    return record;
  },
};

const stack = useStack({ fakeClock: true, store });
const advance = (ms: number) => {
  clock.offset += ms;
  stack.advance(ms);
};

/** Waits until the IdP has counted `count` more revocations than `before`. */
async function revoked(before: number, count = 1): Promise<void> {
  await vi.waitFor(
    () => expect(stack.idp.stats.revocations).toBeGreaterThanOrEqual(before + count),
    {
      timeout: 5_000,
      interval: 20,
    },
  );
}

describe('every session end revokes the newest refresh token', () => {
  it('revokes it when the session ends by idle timeout (seen by the proxy)', async () => {
    const browser = await stack.login();
    const refreshToken = await storedRefreshToken(stack.store, browser);
    const before = stack.idp.stats.revocations;
    advance(minutes(31));
    const response = await stack.call(browser, '/api/me');
    expect(await readJson(response)).toMatchObject({ error: 'session_expired' });
    await revoked(before);
    expect(await refreshAtIdp(stack.idp.issuer, refreshToken)).toBe(400);
  });

  it('revokes it when the session ends by idle timeout (seen by /bff/user)', async () => {
    const browser = await stack.login();
    const refreshToken = await storedRefreshToken(stack.store, browser);
    const before = stack.idp.stats.revocations;
    advance(minutes(31));
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
    await revoked(before);
    expect(await refreshAtIdp(stack.idp.issuer, refreshToken)).toBe(400);
  });

  it('revokes the previous session’s when the browser logs in again over it', async () => {
    const browser = await stack.login();
    const refreshToken = await storedRefreshToken(stack.store, browser);
    const before = stack.idp.stats.revocations;
    // A second login in the same browser (the IdP asks again: its own session is forgotten).
    browser.jar.clear('127.0.0.1');
    const again = await loginOverHttp(browser, stack.bffUrl, {
      login: 'alice',
      password: 'alice-pw',
    });
    expect(again.finalUrl.startsWith(stack.bffUrl)).toBe(true);
    expect(await storedRefreshToken(stack.store, browser)).not.toBe(refreshToken);
    await revoked(before);
    expect(await refreshAtIdp(stack.idp.issuer, refreshToken)).toBe(400);
  });

  it('revokes at logout the token a concurrent refresh rotated in, not the copy read at request start', async () => {
    // This IdP revokes the whole grant whichever of its refresh tokens is revoked, so a refresh
    // fails either way: which token the BFF sent is read from the IdP's own events.
    const destroyed: string[] = [];
    const onDestroyed = (token: { jti: string }) => destroyed.push(token.jti);
    stack.idp.provider.on('refresh_token.destroyed', onDestroyed);
    onTestFinished(() => void stack.idp.provider.off('refresh_token.destroyed', onDestroyed));
    const browser = await stack.login();
    const first = await storedRefreshToken(stack.store, browser);
    // The access token (300 s at the IdP) is due on the BFF's clock: the next API call refreshes.
    advance(301_000);
    let rotated = '';
    // Logout reads the session; right then a concurrent API call rotates the refresh token.
    afterNextGet = async () => {
      expect((await stack.call(browser, '/api/me')).status).toBe(200);
      rotated = await storedRefreshToken(stack.store, browser);
    };
    const before = stack.idp.stats.revocations;
    const response = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(first);
    await revoked(before);
    expect(destroyed).toEqual([rotated]);
    expect(await refreshAtIdp(stack.idp.issuer, rotated)).toBe(400);
  });
});
