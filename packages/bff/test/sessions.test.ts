import type { SessionsResponse } from '@cloakroom/contract';
import { startLibraryBff, useRunning, useStack, captureLogger } from '@cloakroom/test-stack';
import {
  canRunRedis,
  cookieName,
  HttpBrowser,
  listenOnLoopback,
  loginOverHttp,
  sessionCookie,
  type Credentials,
} from '@cloakroom/testkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { storeKey } from '../src/session/store-key.ts';
import { clientTokenSubject } from '../src/tokens/client-token-keeper.ts';
import { everyStore } from './support/every-store.ts';
import { readJson } from './support/read-json.ts';
import { refreshAtIdp, storedRefreshToken } from './support/refresh-token.ts';

// The contract's "Sessions" rows on every store: a user's list of live sessions, ending one by
// its handle, and logout everywhere; each end revoking its refresh token at the real dev IdP.

const minutes = (n: number) => n * 60_000;
const alice: Credentials = { login: 'alice', password: 'alice-pw' };
const bob: Credentials = { login: 'bob', password: 'bob-pw' };

/** A browser that sends its own User-Agent on every request, the login's included. */
class BrowserWithAgent extends HttpBrowser {
  readonly agent: string;
  constructor(agent: string) {
    super();
    this.agent = agent;
  }
  override request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('user-agent', this.agent);
    return super.request(url, { ...init, headers });
  }
}

const storeKinds = everyStore('the sessions tests');
/** The Redis of this file (started once): the cross-instance suite below shares it. */
const redisStore = storeKinds[2].store;

for (const { name, store, available } of storeKinds) {
  describe.skipIf(!available)(`sessions on the ${name} store`, () => {
    const stack = useStack(async () => {
      const given = await store();
      return { fakeClock: true, ...(given ? { store: given } : {}) };
    });
    // Every test starts with no session of alice's or bob's left by another.
    beforeEach(async () => {
      await stack.bff.sessions.endAll('alice');
      await stack.bff.sessions.endAll('bob');
    });

    const loginAs = async (user: Credentials, agent: string) => {
      const browser = new BrowserWithAgent(agent);
      const result = await loginOverHttp(browser, stack.bffUrl, user);
      await result.response.body?.cancel();
      expect(result.finalUrl.startsWith(stack.bffUrl)).toBe(true);
      return browser;
    };
    const list = async (browser: HttpBrowser) => {
      const response = await stack.call(browser, '/bff/sessions');
      expect(response.status).toBe(200);
      return (await readJson<SessionsResponse>(response)).sessions;
    };
    const end = (browser: HttpBrowser, id: string) =>
      stack.call(browser, `/bff/sessions/${id}`, { method: 'DELETE' });
    const status = async (browser: HttpBrowser, path = '/api/me') =>
      (await stack.call(browser, path)).status;
    /** Waits until the IdP has counted `count` more revocations than `before`. */
    const revoked = (before: number, count = 1) =>
      vi.waitFor(() => expect(stack.idp.stats.revocations).toBeGreaterThanOrEqual(before + count), {
        timeout: 5_000,
        interval: 20,
      });

    it('lists every live session of the user, newest first, with its browser and which one is asking', async () => {
      const laptop = await loginAs(alice, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
      stack.advance(2_000);
      const phone = await loginAs(alice, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1');
      await loginAs(bob, 'bob-agent');
      const sessions = await list(laptop);
      expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([
        ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1', false],
        ['Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', true],
      ]);
      const [newer, older] = sessions as [
        SessionsResponse['sessions'][0],
        SessionsResponse['sessions'][0],
      ];
      // Unix seconds on the BFF's clock, not milliseconds.
      const nowSeconds = Math.floor((Date.now() + 2_000) / 1000);
      expect(Math.abs(newer.createdAt - nowSeconds)).toBeLessThanOrEqual(5);
      expect(newer.createdAt - older.createdAt).toBeGreaterThanOrEqual(1);
      expect(newer.lastSeenAt).toBeGreaterThanOrEqual(newer.createdAt);
      expect((await list(phone)).map((s) => s.current)).toEqual([true, false]);
      expect(await stack.bff.sessions.list('alice')).toEqual(
        sessions.map(({ current: _current, ...rest }) => rest),
      );
    });

    it('keeps at most 512 characters of a long User-Agent', async () => {
      const browser = await loginAs(alice, `Agent/${'x'.repeat(2_000)}`);
      const [only] = await list(browser);
      expect(only?.userAgent).toHaveLength(512);
    });

    it('gives each session a handle that is neither its cookie value nor its store key, nor usable as a cookie', async () => {
      const browser = await loginAs(alice, 'agent');
      const cookie = browser.jar.get('localhost', cookieName)!.value;
      const [only] = await list(browser);
      expect(only!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(only!.id).not.toBe(cookie);
      expect(only!.id).not.toBe(storeKey(cookie));
      expect(cookie).not.toContain(only!.id);
      const forger = new HttpBrowser();
      for (const value of [only!.id, storeKey(cookie)]) {
        const response = await stack.call(forger, '/bff/user', {
          headers: { cookie: `${cookieName}=${value}` },
        });
        expect(response.status).toBe(401);
        expect(
          (await stack.call(forger, '/api/me', { headers: { cookie: `${cookieName}=${value}` } }))
            .status,
        ).toBe(401);
      }
    });

    it('answers 401 unauthenticated without a session and 403 csrf without the header', async () => {
      const browser = await loginAs(alice, 'agent');
      const [only] = await list(browser);
      expect(await readJson(await stack.call(new HttpBrowser(), '/bff/sessions'))).toMatchObject({
        error: 'unauthenticated',
      });
      const noHeader = await browser.request(`${stack.bffUrl}/bff/sessions`);
      expect(noHeader.status).toBe(403);
      expect(await readJson(noHeader)).toMatchObject({ error: 'csrf' });
      const deleteNoHeader = await browser.request(`${stack.bffUrl}/bff/sessions/${only!.id}`, {
        method: 'DELETE',
      });
      expect(deleteNoHeader.status).toBe(403);
      expect(await status(browser)).toBe(200);
    });

    it('ends another session of the user by its handle: 204, that browser is out, its refresh token revoked at the IdP', async () => {
      const here = await loginAs(alice, 'here');
      const there = await loginAs(alice, 'there');
      const thereToken = await storedRefreshToken(stack.store, there);
      const other = (await list(here)).find((s) => !s.current)!;
      const before = stack.idp.stats.revocations;
      const response = await end(here, other.id);
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await status(there)).toBe(401);
      expect(await status(there, '/bff/user')).toBe(401);
      expect(await status(here)).toBe(200);
      expect((await list(here)).map((s) => s.userAgent)).toEqual(['here']);
      await revoked(before);
      expect(await refreshAtIdp(stack.idp.issuer, thereToken)).toBe(400);
    });

    it('answers 404 not_found for another user’s handle, an unknown one or a malformed one, and ends nothing', async () => {
      const mine = await loginAs(alice, 'alice-agent');
      const theirs = await loginAs(bob, 'bob-agent');
      const [bobs] = await list(theirs);
      for (const id of [bobs!.id, 'AAAAAAAAAAAAAAAAAAAAAA', 'not-a-handle', '..%2F..']) {
        const response = await end(mine, id);
        expect(response.status).toBe(404);
        expect(await readJson(response)).toMatchObject({ error: 'not_found' });
      }
      expect(await status(theirs)).toBe(200);
      expect(await status(mine)).toBe(200);
      expect(await stack.bff.sessions.end('alice', bobs!.id)).toBe(false);
      expect(await status(theirs)).toBe(200);
    });

    it('ends the asking browser’s own session by its handle and clears its cookie', async () => {
      const browser = await loginAs(alice, 'agent');
      const token = await storedRefreshToken(stack.store, browser);
      const [own] = await list(browser);
      const before = stack.idp.stats.revocations;
      const response = await end(browser, own!.id);
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie().some((c) => c.startsWith(`${cookieName}=;`))).toBe(
        true,
      );
      expect(await status(browser, '/bff/user')).toBe(401);
      await revoked(before);
      expect(await refreshAtIdp(stack.idp.issuer, token)).toBe(400);
    });

    it('logs out everywhere: every session of the user ends and each refresh token is revoked; others’ are untouched', async () => {
      const browsers = [
        await loginAs(alice, 'one'),
        await loginAs(alice, 'two'),
        await loginAs(alice, 'three'),
      ];
      const tokens = await Promise.all(browsers.map((b) => storedRefreshToken(stack.store, b)));
      const theirs = await loginAs(bob, 'bob');
      const before = stack.idp.stats.revocations;
      const response = await stack.call(browsers[0]!, '/bff/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ everywhere: true }),
      });
      expect(response.status).toBe(200);
      expect(Object.keys(await readJson(response))).toEqual(['redirectTo']);
      for (const browser of browsers) expect(await status(browser)).toBe(401);
      expect(await stack.bff.sessions.list('alice')).toEqual([]);
      expect(await status(theirs)).toBe(200);
      await revoked(before, 3);
      for (const token of tokens) expect(await refreshAtIdp(stack.idp.issuer, token)).toBe(400);
    });

    it('keeps a plain logout to this session alone: with {"everywhere": false}, or an empty body of any type', async () => {
      const plain: RequestInit[] = [
        {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ everywhere: false }),
        },
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' },
        {},
      ];
      const other = await loginAs(alice, 'other');
      for (const init of plain) {
        const one = await loginAs(alice, 'one');
        const response = await stack.call(one, '/bff/logout', { method: 'POST', ...init });
        expect(response.status).toBe(200);
        expect(await status(one)).toBe(401);
        expect(await status(other)).toBe(200);
      }
    });

    it('refuses a logout body that is not JSON or says "everywhere" oddly, and ends nothing', async () => {
      const browser = await loginAs(alice, 'agent');
      const bodies: Array<[string, string, number, string]> = [
        ['application/json', '{not json', 400, 'bad_request'],
        ['application/json', '{"everywhere":"yes"}', 400, 'bad_request'],
        ['application/json', '[true]', 400, 'bad_request'],
        ['text/plain', 'everywhere', 415, 'unsupported_media_type'],
        [
          'application/json',
          JSON.stringify({ everywhere: true, pad: 'x'.repeat(8_000) }),
          413,
          'payload_too_large',
        ],
      ];
      for (const [type, body, code, error] of bodies) {
        const response = await stack.call(browser, '/bff/logout', {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        // The body's start names the case when one fails.
        expect([body.slice(0, 20), response.status]).toEqual([body.slice(0, 20), code]);
        expect(await readJson(response)).toMatchObject({ error });
      }
      expect(await status(browser)).toBe(200);
    });

    it('lists no session whose idle lifetime is over, though its record is still stored', async () => {
      const idle = await loginAs(alice, 'idle');
      stack.advance(minutes(20));
      const busy = await loginAs(alice, 'busy');
      stack.advance(minutes(15));
      // `idle` was last used 35 minutes ago (the idle timeout is 30), `busy` 15 minutes ago.
      expect((await list(busy)).map((s) => s.userAgent)).toEqual(['busy']);
      expect(
        await stack.store.get(storeKey(idle.jar.get('localhost', cookieName)!.value)),
      ).toBeDefined();
      expect(await status(idle, '/bff/user')).toBe(401);
    });

    it('never lists or ends the client-credentials tokens kept under their own sub', async () => {
      await stack.store.set('client-token:x', {
        data: 'sealed',
        sub: clientTokenSubject,
        expiresAt: Date.now() + minutes(24 * 60),
      });
      expect(await stack.bff.sessions.list(clientTokenSubject)).toEqual([]);
      expect(await stack.bff.sessions.endAll(clientTokenSubject)).toBe(0);
      expect(await stack.store.get('client-token:x')).toBeDefined();
      await stack.store.destroy('client-token:x');
    });

    it('lets an operator list and end a user’s sessions by sub, and tells session-ended listeners', async () => {
      const [one, two] = [await loginAs(alice, 'one'), await loginAs(alice, 'two')];
      const ended: string[] = [];
      const stop = stack.bff.sessions.onSessionEnded((key) => ended.push(key));
      try {
        const listed = await stack.bff.sessions.list('alice');
        expect(listed.map((s) => s.userAgent)).toEqual(['two', 'one']);
        expect(await stack.bff.sessions.end('alice', listed[0]!.id)).toBe(true);
        expect(await status(two)).toBe(401);
        expect(await status(one)).toBe(200);
        expect(ended).toEqual([storeKey(two.jar.get('localhost', cookieName)!.value)]);
        expect(await stack.bff.sessions.endAll('alice')).toBe(1);
        expect(await status(one)).toBe(401);
        expect(ended).toHaveLength(2);
      } finally {
        stop();
      }
    });
  });
}

describe.skipIf(!canRunRedis('the sessions test across two BFF instances'))(
  'sessions across two BFF instances on one Redis',
  () => {
    const stack = useStack(async () => ({ store: (await redisStore())! }));
    // A second library BFF on the same Redis and secret, on its own port, as another instance.
    const second = useRunning(async () => {
      const listener = await listenOnLoopback();
      const bffUrl = `http://localhost:${listener.port}`;
      const library = await startLibraryBff({
        publicUrl: stack.bffUrl,
        issuer: stack.idp.issuer,
        apiUpstream: stack.apiUrl,
        store: (await redisStore())!,
        logger: captureLogger([]),
      });
      listener.attach(library.handler);
      return {
        bff: library.bff,
        url: bffUrl,
        async close() {
          await listener.close();
          await library.bff.close();
        },
      };
    });
    const callSecond = (browser: HttpBrowser, path: string, init: RequestInit = {}) =>
      fetch(`${second.url}${path}`, {
        ...init,
        headers: { cookie: sessionCookie(browser), 'x-csrf': '1', ...init.headers },
      });

    it('lists on one instance the sessions made on the other, and ends them there for both', async () => {
      await stack.bff.sessions.endAll('alice');
      const [one, two] = [await stack.login(alice), await stack.login(alice)];
      const listed = (await readJson<SessionsResponse>(await callSecond(one, '/bff/sessions')))
        .sessions;
      expect(listed.map((s) => s.current).toSorted()).toEqual([false, true]);
      const other = listed.find((s) => !s.current)!;
      expect(
        (await callSecond(one, `/bff/sessions/${other.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect((await stack.call(two, '/api/me')).status).toBe(401);
      expect((await stack.call(one, '/api/me')).status).toBe(200);
      // And the other way round: the operator API of the first ends what the second lists.
      const [remaining] = await second.bff.sessions.list('alice');
      expect(await stack.bff.sessions.end('alice', remaining!.id)).toBe(true);
      expect((await callSecond(one, '/api/me')).status).toBe(401);
    });

    it('logs out everywhere through one instance and every session is gone on the other', async () => {
      await stack.bff.sessions.endAll('alice');
      const [one, two] = [await stack.login(alice), await stack.login(alice)];
      const response = await callSecond(one, '/bff/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"everywhere":true}',
      });
      expect(response.status).toBe(200);
      expect((await stack.call(one, '/api/me')).status).toBe(401);
      expect((await stack.call(two, '/api/me')).status).toBe(401);
      expect(await second.bff.sessions.list('alice')).toEqual([]);
    });
  },
);
