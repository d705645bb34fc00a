import { useStack } from '@cloakroom/test-stack';
import { cookieName, followNavigation, HttpBrowser, navigate } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { everyStore } from './support/every-store.ts';
import { readJson } from './support/read-json.ts';

// The contract's silent login (`/bff/login?prompt=none`) and its rule that every login failure
// on a browser navigation goes back to the SPA with `login_error=<code>`, against the real dev
// IdP over HTTP, on every session store (the login ends in a session written to it).

const storeKinds = everyStore('the silent login tests');

/** Forgets the BFF's session cookie, as when it expired: the IdP's own session stays. */
function dropBffSession(browser: HttpBrowser, bffUrl: string): void {
  browser.jar.store(bffUrl, [`${cookieName}=; Max-Age=0`]);
  expect(browser.jar.get('localhost', cookieName)).toBeUndefined();
}

/** Whether any hop of `browser` showed the IdP's login form (its interaction pages). */
const sawLoginForm = (browser: HttpBrowser) =>
  browser.hops.some((hop) => new URL(hop.url).pathname.startsWith('/interaction/'));

for (const { name, store, available } of storeKinds) {
  describe.skipIf(!available)(`silent login and login errors on the ${name} store`, () => {
    const stack = useStack(async () => {
      const given = await store();
      return given ? { store: given } : {};
    });
    const user = (browser: HttpBrowser) => stack.call(browser, '/bff/user');

    /** A login navigation's state, with its login cookie kept in `browser`. */
    async function startLogin(browser: HttpBrowser, returnTo: string): Promise<string> {
      const response = await browser.request(`${stack.bffUrl}/bff/login?returnTo=${returnTo}`);
      await response.body?.cancel();
      return new URL(response.headers.get('location')!).searchParams.get('state')!;
    }

    describe('GET /bff/login?prompt=none', () => {
      it('logs a browser with a live IdP session back in without showing a form', async () => {
        const browser = await stack.login();
        dropBffSession(browser, stack.bffUrl);
        expect((await user(browser)).status).toBe(401);
        browser.hops.length = 0;

        const end = await followNavigation(
          browser,
          `${stack.bffUrl}/bff/login?returnTo=%2Fnotes%3Ftab%3D2&prompt=none`,
        );

        expect(end.url).toBe(`${stack.bffUrl}/notes?tab=2`);
        expect(sawLoginForm(browser)).toBe(false);
        const authorization = browser.hops.find((hop) => hop.url.startsWith(stack.idp.issuer));
        expect(new URL(authorization!.url).searchParams.get('prompt')).toBe('none');
        const answer = await user(browser);
        expect(answer.status).toBe(200);
        expect(await readJson(answer)).toMatchObject({ sub: 'alice' });
      });

      it('sends a browser without an IdP session back to returnTo with login_error=login_required', async () => {
        const browser = new HttpBrowser();
        const end = await followNavigation(
          browser,
          `${stack.bffUrl}/bff/login?returnTo=%2Fnotes%3Ftab%3D2&prompt=none`,
        );
        expect(end.url).toBe(`${stack.bffUrl}/notes?tab=2&login_error=login_required`);
        expect(sawLoginForm(browser)).toBe(false);
        expect(browser.jar.get('localhost', cookieName)).toBeUndefined();
        expect((await user(browser)).status).toBe(401);
      });

      it('sends prompt=none with acr_values to the IdP, which answers login_required when its session lacks that level', async () => {
        const browser = await stack.login(); // a password login: the IdP session has no mfa
        dropBffSession(browser, stack.bffUrl);
        browser.hops.length = 0;

        const end = await followNavigation(
          browser,
          `${stack.bffUrl}/bff/login?returnTo=/notes&prompt=none&acr_values=urn%3Acloakroom%3Aacr%3Amfa&max_age=300`,
        );

        const authorization = browser.hops.find((hop) => hop.url.startsWith(stack.idp.issuer));
        const asked = new URL(authorization!.url).searchParams;
        expect([asked.get('prompt'), asked.get('acr_values'), asked.get('max_age')]).toEqual([
          'none',
          'urn:cloakroom:acr:mfa',
          '300',
        ]);
        expect(end.url).toBe(`${stack.bffUrl}/notes?login_error=login_required`);
        expect(sawLoginForm(browser)).toBe(false);
        expect((await user(browser)).status).toBe(401);
      });

      it('refuses a bad prompt even when acr_values and max_age are good, and a bad acr_values with a good prompt', async () => {
        const base = `${stack.bffUrl}/bff/login?returnTo=/notes`;
        const badPrompt = await fetch(`${base}&prompt=silent&acr_values=x&max_age=0`, {
          redirect: 'manual',
        });
        expect(badPrompt.status).toBe(400);
        expect(await readJson(badPrompt)).toMatchObject({ error: 'invalid_prompt' });
        const badAcr = await fetch(`${base}&prompt=none&acr_values=a%22b`, { redirect: 'manual' });
        expect(badAcr.status).toBe(400);
        expect(await readJson(badAcr)).toMatchObject({ error: 'invalid_acr_values' });
      });

      it('asks for the password with prompt=login even while the IdP session lives', async () => {
        const browser = await stack.login();
        const end = await followNavigation(browser, `${stack.bffUrl}/bff/login?prompt=login`);
        expect(end.status).toBe(200);
        expect(new URL(end.url).pathname).toMatch(/^\/interaction\//);
        expect(end.body).toMatch(/<input name="password"/);
      });

      it.each([['none%20login'], ['silent'], ['']])(
        'refuses prompt=%s: 400 invalid_prompt for a script, login_error for a navigation',
        async (prompt) => {
          const url = `${stack.bffUrl}/bff/login?returnTo=/notes&prompt=${prompt}`;
          const response = await fetch(url, { redirect: 'manual' });
          expect(response.status).toBe(400);
          expect(await readJson(response)).toMatchObject({ error: 'invalid_prompt' });
          const answer = await navigate(url);
          expect(answer.status).toBe(303);
          expect(answer.location).toBe('/notes?login_error=invalid_prompt');
        },
      );
    });

    describe('GET /bff/callback failures on a browser navigation', () => {
      it('sends a user who presses Cancel at the IdP back to returnTo with login_error=access_denied', async () => {
        const browser = new HttpBrowser();
        const page = await followNavigation(browser, `${stack.bffUrl}/bff/login?returnTo=/notes`);
        expect(page.status).toBe(200);
        const cancel = /<a class="cancel" href="([^"]+)">Cancel<\/a>/.exec(page.body)?.[1];
        expect(cancel).toBeDefined();

        const end = await followNavigation(browser, new URL(cancel!, page.url).href);

        expect(end.url).toBe(`${stack.bffUrl}/notes?login_error=access_denied`);
        expect(browser.jar.get('localhost', cookieName)).toBeUndefined();
        expect((await user(browser)).status).toBe(401);
      });

      it.each([
        ['access_denied', 'access_denied'],
        ['login_required', 'login_required'],
        ['interaction_required', 'interaction_required'],
        ['consent_required', 'consent_required'],
        ['temporarily_unavailable', 'temporarily_unavailable'],
        ['%3Cscript%3E', 'login_failed'],
      ])(
        'answers the IdP error %s with a 303 to returnTo and login_error=%s',
        async (error, code) => {
          const browser = new HttpBrowser();
          const state = await startLogin(browser, '/notes');
          const url = `${stack.bffUrl}/bff/callback?state=${state}&error=${error}&error_description=x`;
          const answer = await navigate(url, { cookie: browser.jar.header(url)! });
          expect(answer.status).toBe(303);
          expect(answer.location).toBe(`/notes?login_error=${code}`);
          expect(answer.contentType ?? '').not.toMatch(/json/);
        },
      );

      it.each([
        ['a malformed state', () => `state=%3Cx%3E&code=x`, '/?login_error=invalid_callback'],
        [
          'a state this browser never started (an expired login cookie, the back button)',
          () => `state=${'A'.repeat(43)}&code=x`,
          '/?login_error=login_transaction_missing',
        ],
      ])('answers %s with a 303 and login_error', async (_, query, location) => {
        const answer = await navigate(`${stack.bffUrl}/bff/callback?${query()}`);
        expect(answer.status).toBe(303);
        expect(answer.location).toBe(location);
      });

      it('answers a callback without a code, or with a forged one, with a 303 to returnTo', async () => {
        for (const [query, code] of [
          ['', 'invalid_callback'],
          ['&code=forged', 'invalid_grant'],
        ] as const) {
          const browser = new HttpBrowser();
          const state = await startLogin(browser, '/notes');
          const url = `${stack.bffUrl}/bff/callback?state=${state}&iss=${encodeURIComponent(stack.idp.issuer)}${query}`;
          const answer = await navigate(url, { cookie: browser.jar.header(url)! });
          expect(answer.status).toBe(303);
          expect(answer.location).toBe(`/notes?login_error=${code}`);
        }
      });

      it('answers a replayed callback (the back button after a login) with login_transaction_missing', async () => {
        const browser = new HttpBrowser();
        const login = await followNavigation(browser, `${stack.bffUrl}/bff/login?returnTo=/notes`);
        const action = /<form method="post" action="([^"]+)"/.exec(login.body)![1]!;
        const form = new URL(action, login.url).href;
        const submitted = await browser.request(form, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ login: 'alice', password: 'alice-pw' }),
        });
        await submitted.body?.cancel();
        const end = await followNavigation(
          browser,
          new URL(submitted.headers.get('location')!, form).href,
        );
        expect(end.url).toBe(`${stack.bffUrl}/notes`);
        const callback = browser.hops.find((hop) => hop.url.includes('/bff/callback'))!.url;
        const again = await navigate(callback, { cookie: browser.jar.header(callback)! });
        expect(again.status).toBe(303);
        expect(again.location).toBe('/?login_error=login_transaction_missing');
      });
    });
  });
}
