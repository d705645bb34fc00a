import type { Note, StepUpErrorBody, UserResponse } from '@cloakroom/contract';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { cookieName, HttpBrowser, listenOnLoopback, navigate, parseForm } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { everyStore } from './support/every-store.ts';
import { readJson } from './support/read-json.ts';

// Step-up authentication (RFC 9470, the contract's "Sessions, step-up and login errors"): the
// sample API's DELETE /notes/:id asks for urn:cloakroom:acr:mfa; the BFF turns that into
// `401 step_up_required`; a login with acr_values gets it from the real dev IdP (password and
// the one-time code its page shows) and the delete then works. On every session store.

const MFA = 'urn:cloakroom:acr:mfa';
const PASSWORD = 'urn:cloakroom:acr:password';

const storeKinds = everyStore('the step-up tests');

/**
 * An upstream that asks for a step-up its own way: `/fresh` with a `max_age` among other
 * challenges, `/broken` with a challenge that does not parse (and its own JSON body).
 */
async function startChallenger() {
  const server = await listenOnLoopback();
  server.attach((req, res) => {
    const challenge = req.url?.startsWith('/fresh')
      ? [
          'Basic realm="legacy"',
          `Bearer realm="api", error="insufficient_user_authentication", error_description="log in again, please", acr_values="${MFA} ${PASSWORD}", max_age=60`,
        ]
      : `Bearer error="insufficient_user_authentication", acr_values="${MFA}`;
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': challenge });
    res.end('{"error":"insufficient_user_authentication","message":"upstream words"}');
  });
  return { url: `http://127.0.0.1:${server.port}`, close: server.close };
}

for (const { name, store, available } of storeKinds) {
  describe.skipIf(!available)(`step-up on the ${name} store`, () => {
    const challenger = useRunning(startChallenger);
    const stack = useStack(async () => {
      const given = await store();
      return {
        ...(given ? { store: given } : {}),
        bffOptions: {
          routes: [
            { path: '/api', upstream: '{api}', token: 'user' as const },
            { path: '/api/challenger', upstream: challenger.url, token: 'user' as const },
          ],
        },
      };
    });

    const addNote = async (browser: HttpBrowser) => {
      const response = await stack.call(browser, '/api/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'step up to delete me' }),
      });
      expect(response.status).toBe(201);
      return readJson<Note>(response);
    };
    const deleteNote = (browser: HttpBrowser, note: Note) =>
      stack.call(browser, `/api/notes/${note.id}`, { method: 'DELETE' });
    const claimsOf = async (browser: HttpBrowser) => {
      const response = await stack.call(browser, '/bff/user');
      expect(response.status).toBe(200);
      return (await readJson<UserResponse>(response)).claims;
    };
    const sessionCookie = (browser: HttpBrowser) =>
      browser.jar.header(`${stack.bffUrl}/`)?.match(new RegExp(`${cookieName}=([^;]+)`))?.[1];

    /**
     * `/bff/login` with `query` in this browser (whose jar may hold an IdP session): fills the
     * IdP's form when it shows one (the one-time code read from the page), and returns where
     * the browser ended and whether a form was shown.
     */
    const loginWith = async (browser: HttpBrowser, query: Record<string, string>) => {
      const start = new URL('/bff/login', stack.bffUrl);
      for (const [key, value] of Object.entries(query)) start.searchParams.set(key, value);
      let { response, url } = await browser.follow(start.href);
      let page: string | undefined;
      if (response.status === 200 && url.startsWith(stack.idp.url)) {
        page = await response.text();
        const form = parseForm(page, url)!;
        form.fields.set('login', 'alice');
        form.fields.set('password', 'alice-pw');
        const code = /data-testid="otp-code">(\d{6})</.exec(page)?.[1];
        if (form.fields.has('otp')) form.fields.set('otp', code ?? '');
        ({ response, url } = await browser.follow(form.action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.fields,
        }));
      }
      return { response, url: new URL(url), page };
    };

    it('turns the API’s insufficient_user_authentication into 401 step_up_required', async () => {
      const browser = await stack.login();
      const note = await addNote(browser);
      const response = await deleteNote(browser, note);
      expect(response.status).toBe(401);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = await readJson<StepUpErrorBody>(response);
      expect(body).toEqual({
        error: 'step_up_required',
        message: expect.any(String),
        acrValues: MFA,
      });
      // Nothing was deleted, and the session goes on.
      const list = await readJson<Note[]>(await stack.call(browser, '/api/notes'));
      expect(list).toContainEqual(note);
    });

    it('carries max_age and every acr value of a challenge among several', async () => {
      const browser = await stack.login();
      const response = await stack.call(browser, '/api/challenger/fresh');
      expect(response.status).toBe(401);
      expect(await readJson<StepUpErrorBody>(response)).toEqual({
        error: 'step_up_required',
        message: expect.any(String),
        acrValues: `${MFA} ${PASSWORD}`,
        maxAge: 60,
      });
    });

    it('passes a challenge it cannot parse through as it was', async () => {
      const browser = await stack.login();
      const response = await stack.call(browser, '/api/challenger/broken');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'insufficient_user_authentication',
        message: 'upstream words',
      });
    });

    it('steps up with the one-time code: a new session with acr mfa, and the delete works', async () => {
      const browser = await stack.login();
      const note = await addNote(browser);
      expect((await deleteNote(browser, note)).status).toBe(401);
      const before = sessionCookie(browser);
      expect((await claimsOf(browser)).acr).not.toBe(MFA);

      const { url, page } = await loginWith(browser, { returnTo: '/notes', acr_values: MFA });
      // The IdP asked again, for the code this time, and the browser is back where it was.
      expect(page).toMatch(/<input name="otp"/);
      expect(url.href).toBe(`${stack.bffUrl}/notes`);
      const after = sessionCookie(browser);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      expect((await claimsOf(browser)).acr).toBe(MFA);
      expect((await deleteNote(browser, note)).status).toBe(204);

      // The weaker session ended with the login that replaced it.
      const old = new HttpBrowser();
      old.jar.store(`${stack.bffUrl}/`, [`${cookieName}=${before}; Path=/; Secure`]);
      expect((await stack.call(old, '/bff/user')).status).toBe(401);
    });

    it('makes no session when the ID token’s acr is not one that was asked for', async () => {
      const browser = await stack.login();
      const before = sessionCookie(browser);
      // The dev IdP ignores a level it does not know and answers with the password level.
      const { response, url } = await loginWith(browser, {
        returnTo: '/notes',
        acr_values: 'urn:example:acr:gold',
      });
      expect(url.pathname).toBe('/bff/callback');
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({
        error: 'insufficient_user_authentication',
        message: expect.any(String),
      });
      // No new session; the one the browser had goes on.
      expect(sessionCookie(browser)).toBe(before);
      expect((await claimsOf(browser)).sub).toBe('alice');
    });

    it('honours max_age: the IdP asks again, and the session knows when', async () => {
      const browser = await stack.login();
      const { url, page } = await loginWith(browser, { returnTo: '/', max_age: '0' });
      // A live IdP session, but max_age=0: the form again.
      expect(page).toMatch(/<input name="password"/);
      expect(url.href).toBe(`${stack.bffUrl}/`);
      const authTime = (await claimsOf(browser)).auth_time;
      expect(typeof authTime).toBe('number');
      expect(Math.abs(Number(authTime) - Date.now() / 1000)).toBeLessThan(10);
    });

    it.each([
      ['acr_values with a double space', { acr_values: `${MFA}  x` }, 'invalid_acr_values'],
      ['acr_values with a quote', { acr_values: 'a"b' }, 'invalid_acr_values'],
      ['acr_values over 512 characters', { acr_values: 'a'.repeat(513) }, 'invalid_acr_values'],
      ['a negative max_age', { max_age: '-1' }, 'invalid_max_age'],
      ['a fractional max_age', { max_age: '1.5' }, 'invalid_max_age'],
      ['a max_age over a year', { max_age: '99999999' }, 'invalid_max_age'],
    ])(
      'refuses %s with 400 %s, and on a navigation sends the browser back',
      async (_name, query, code) => {
        const url = new URL('/bff/login', stack.bffUrl);
        url.searchParams.set('returnTo', '/notes');
        for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
        const response = await fetch(url, { redirect: 'manual' });
        expect(response.status).toBe(400);
        expect(await readJson(response)).toEqual({ error: code, message: expect.any(String) });
        const navigation = await navigate(url.href);
        expect(navigation.status).toBe(303);
        expect(navigation.location).toBe(`/notes?login_error=${code}`);
      },
    );

    it('refuses a repeated acr_values', async () => {
      const response = await fetch(`${stack.bffUrl}/bff/login?acr_values=a&acr_values=b`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({ error: 'invalid_acr_values' });
    });
  });
}
