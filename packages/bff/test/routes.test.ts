import type { ApiIdentity } from '@cloakroom/contract';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { cookieName, HttpBrowser, scanForSecrets } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { startEchoUpstream } from './support/echo-upstream.ts';
import { rawRequest } from './support/raw-request.ts';
import { everyStore } from './support/every-store.ts';
import { readJson } from './support/read-json.ts';

// Several APIs behind one session, each route with its own token type (the contract's
// "API routes"): the login's token, a per-resource token of the same user (RFC 8707), the BFF's
// own client-credentials token, the session's token or nothing, and nothing at all. The same
// suite runs on every session store, since per-resource and client tokens live in it.

const billing = 'urn:cloakroom:billing';
const minutes = (n: number) => n * 60_000;

const storeKinds = everyStore('the route table tests');

for (const { name, store, available } of storeKinds) {
  describe.skipIf(!available)(`the route table on the ${name} store`, () => {
    const echo = useRunning(startEchoUpstream);
    const stack = useStack(async () => {
      const given = await store();
      return {
        fakeClock: true,
        ...(given ? { store: given } : {}),
        apis: [{ name: 'billing', audience: billing }],
        bffOptions: {
          routes: [
            { path: '/api', upstream: '{api}', token: 'user' as const },
            {
              path: '/api/billing',
              upstream: '{api:billing}',
              token: 'user' as const,
              resource: billing,
              scope: 'billing',
            },
            {
              path: '/api/billing-service',
              upstream: '{api:billing}',
              token: 'client' as const,
              resource: billing,
            },
            {
              path: '/api/catalog',
              upstream: `${echo.url}/catalog`,
              token: 'user-or-none' as const,
            },
            { path: '/api/status', upstream: `${echo.url}/status/v1`, token: 'none' as const },
            {
              path: '/api/reports',
              upstream: `${echo.url}/reports`,
              token: 'user' as const,
              methods: ['GET' as const],
            },
          ],
        },
      };
    });
    const grants = (kind: string) => stack.idp.stats.grants[kind] ?? 0;
    const me = async (browser: HttpBrowser, path: string) => {
      const response = await stack.call(browser, path);
      expect(response.status, `${path} answered ${response.status}`).toBe(200);
      return (await response.json()) as ApiIdentity;
    };
    const anonymous = () => new HttpBrowser();
    const lastEcho = () => echo.seen.at(-1)!;

    it('sends each API its own token from one session cookie: the login’s, and one for the billing resource', async () => {
      const browser = await stack.login();
      const api = await me(browser, '/api/me');
      const ownBilling = await me(browser, '/api/billing/me');
      expect(api).toMatchObject({ sub: 'alice', aud: 'api' });
      expect(ownBilling).toMatchObject({ sub: 'alice', aud: billing });
      expect(ownBilling.scope.split(' ')).toContain('billing');
      expect(ownBilling.tokenFingerprint).not.toBe(api.tokenFingerprint);
      // Kept in the session: the next call reuses it, with no grant.
      const before = grants('refresh_token');
      expect((await me(browser, '/api/billing/me')).tokenFingerprint).toBe(
        ownBilling.tokenFingerprint,
      );
      expect(grants('refresh_token')).toBe(before);
    });

    it('keeps a per-resource token per session: two users get their own', async () => {
      const [alice, bob] = [
        await stack.login(),
        await stack.login({ login: 'bob', password: 'bob-pw' }),
      ];
      const [a, b] = [await me(alice, '/api/billing/me'), await me(bob, '/api/billing/me')];
      expect([a.sub, b.sub]).toEqual(['alice', 'bob']);
      expect(a.tokenFingerprint).not.toBe(b.tokenFingerprint);
    });

    it('renews the login’s token and the resource token when they expire, one grant each', async () => {
      const browser = await stack.login();
      const first = [await me(browser, '/api/me'), await me(browser, '/api/billing/me')];
      stack.advance(minutes(5) + 1_000);
      const before = grants('refresh_token');
      const again = await Promise.all([
        ...Array.from({ length: 20 }, () => me(browser, '/api/me')),
        ...Array.from({ length: 20 }, () => me(browser, '/api/billing/me')),
      ]);
      expect(grants('refresh_token') - before).toBe(2);
      expect(stack.idp.stats.grantErrors.invalid_grant ?? 0).toBe(0);
      expect(new Set(again.map((x) => x.tokenFingerprint)).size).toBe(2);
      expect(again.map((x) => x.tokenFingerprint)).not.toContain(first[0]!.tokenFingerprint);
      expect(again.map((x) => x.tokenFingerprint)).not.toContain(first[1]!.tokenFingerprint);
      // The session lives on.
      expect((await stack.call(browser, '/bff/user')).status).toBe(200);
    });

    it('calls a client route with the BFF’s own token, without a session, shared by every caller', async () => {
      const before = grants('client_credentials');
      const [nobody, alice] = [anonymous(), await stack.login()];
      const [one, two] = [
        await me(nobody, '/api/billing-service/me'),
        await me(alice, '/api/billing-service/me'),
      ];
      expect(one).toMatchObject({ sub: 'cloakroom-bff', aud: billing });
      expect(two.tokenFingerprint).toBe(one.tokenFingerprint);
      expect(grants('client_credentials') - before).toBeLessThanOrEqual(1);
    });

    it('renews the client token once when it nears expiry, for 30 callers at once', async () => {
      const before = await me(anonymous(), '/api/billing-service/me');
      stack.advance(minutes(5) + 1_000);
      const grantsBefore = grants('client_credentials');
      const after = await Promise.all(
        Array.from({ length: 30 }, () => me(anonymous(), '/api/billing-service/me')),
      );
      expect(grants('client_credentials') - grantsBefore).toBe(1);
      expect(new Set(after.map((x) => x.tokenFingerprint))).toEqual(
        new Set([after[0]!.tokenFingerprint]),
      );
      expect(after[0]!.tokenFingerprint).not.toBe(before.tokenFingerprint);
    });

    it('sends the session’s token on a user-or-none route when there is a session, and none without', async () => {
      const browser = await stack.login();
      expect((await stack.call(browser, '/api/catalog/items')).status).toBe(200);
      expect(lastEcho()).toMatchObject({ url: '/catalog/items' });
      expect(lastEcho().headers.authorization).toMatch(/^Bearer ey/);
      expect((await stack.call(anonymous(), '/api/catalog/items')).status).toBe(200);
      expect(lastEcho().headers.authorization).toBeUndefined();
    });

    it('serves a user-or-none route anonymously once the session has ended, and clears the cookie', async () => {
      const browser = await stack.login();
      stack.advance(minutes(31));
      const response = await stack.call(browser, '/api/catalog/items');
      expect(response.status).toBe(200);
      expect(lastEcho().headers.authorization).toBeUndefined();
      expect(
        response.headers.getSetCookie().some((line) => line.startsWith(`${cookieName}=;`)),
      ).toBe(true);
      expect((await stack.call(browser, '/bff/user')).status).toBe(401);
    });

    it('sends no Authorization on a none route, and needs no session there', async () => {
      const browser = await stack.login();
      for (const caller of [browser, anonymous()]) {
        expect((await stack.call(caller, '/api/status/health?deep=1')).status).toBe(200);
        expect(lastEcho()).toMatchObject({ url: '/status/v1/health?deep=1' });
        expect(lastEcho().headers.authorization).toBeUndefined();
        expect(lastEcho().headers.cookie).toBeUndefined();
      }
    });

    it('answers 401 unauthenticated on a user route without a session, and the upstream sees nothing', async () => {
      const seen = echo.seen.length;
      for (const path of ['/api/reports/x', '/api/billing/me', '/api/me']) {
        const response = await stack.call(anonymous(), path);
        expect(response.status).toBe(401);
        expect(await readJson(response)).toMatchObject({ error: 'unauthenticated' });
      }
      expect(echo.seen.length).toBe(seen);
    });

    it('needs the CSRF header on every route, whatever its token', async () => {
      for (const path of ['/api/status/x', '/api/billing-service/me', '/api/catalog/x']) {
        const response = await anonymous().request(new URL(path, stack.bffUrl).href);
        expect({ path, status: response.status, body: await readJson(response) }).toMatchObject({
          path,
          status: 403,
          body: { error: 'csrf' },
        });
      }
    });

    it('answers 405 for a method the route does not allow, before any upstream call', async () => {
      const browser = await stack.login();
      const seen = echo.seen.length;
      const response = await stack.call(browser, '/api/reports/x', { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
      expect(echo.seen.length).toBe(seen);
    });

    it('routes a percent-encoded or upper-case spelling where the plain path goes', async () => {
      const browser = await stack.login();
      expect((await me(browser, '/api/%62illing/me')).aud).toBe(billing);
      expect((await me(browser, '/api/BILLING/me')).aud).toBe(billing);
      expect((await me(browser, '/api/billing-service/me')).aud).toBe(billing);
    });

    it('refuses with 400 the spellings upstream servers read differently', async () => {
      const browser = await stack.login();
      for (const target of [
        '/api/billing;x=1/me',
        '/api/..;/billing/me',
        '/api//billing/me',
        '/api/bi%256cling/me',
      ]) {
        const { status: response } = await rawRequest(stack.bffUrl, browser, target);
        expect({ target, status: response }).toEqual({ target, status: 400 });
      }
    });

    it('keeps every token out of the logs', async () => {
      const browser = await stack.login();
      await me(browser, '/api/billing/me');
      await me(browser, '/api/billing-service/me');
      expect(scanForSecrets(stack.logLines.join('\n'))).toEqual([]);
    });
  });
}
