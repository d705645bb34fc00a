import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cookieName } from '@cloakroom/testkit';
import {
  bffUserStatus,
  describeInChromium,
  expectVisible,
  logIn,
  screenshot,
  viewports,
} from './support/browser.ts';

// A returning user whose IdP session is alive is signed in without a form (a silent login,
// prompt=none, from a public page); a user who cancels at the IdP lands back in the app with a
// sentence, never on JSON.

/** Where the brief wants these screenshots, besides the usual test artifacts. */
const screensDir = '/work/notes/screens/';

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  try {
    mkdirSync(screensDir, { recursive: true });
    await page.screenshot({ path: `${screensDir}${name}.png`, fullPage: true });
  } catch {
    // elsewhere (CI) the notes folder may not exist; test-artifacts has the picture
  }
}

/** Every URL `page`'s top frame loads, in order. */
function navigations(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  return seen;
}

describeInChromium(({ stack, chromium }) => {
  const isLoginForm = (url: string) =>
    url.startsWith(stack.idp.issuer) && new URL(url).pathname.startsWith('/interaction/');

  describe('a returning user whose IdP session is alive', () => {
    it('is signed in again on reload, without seeing the IdP form, once the BFF session is gone', async () => {
      const context = await chromium.browser.newContext({ viewport: viewports.desktop });
      const page = await context.newPage();
      try {
        await logIn(page, stack, '/notes');
        // The BFF's session cookie goes (as when it expires); the IdP's cookies stay.
        await context.clearCookies({ name: cookieName });
        expect(await bffUserStatus(page)).toBe(401);

        const seen = navigations(page);
        const logins: string[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/bff/login')) logins.push(request.url());
        });
        await page.goto(`${stack.bffUrl}/`);
        await expectVisible(page, 'user-name');

        expect(page.url()).toBe(`${stack.bffUrl}/`);
        expect(logins).toHaveLength(1);
        expect(new URL(logins[0]!).searchParams.get('prompt')).toBe('none');
        expect(seen.filter(isLoginForm)).toEqual([]);
        expect(await page.getByRole('alert').count()).toBe(0);
        expect(await bffUserStatus(page)).toBe(200);
        await shot(page, 'silent-signed-in-again');
      } finally {
        await context.close();
      }
    });
  });

  describe('a visitor without an IdP session', () => {
    it('stays anonymous on the home page, with no message, after one quiet try', async () => {
      const context = await chromium.browser.newContext({ viewport: viewports.desktop });
      const page = await context.newPage();
      try {
        const silentReturn = page.waitForResponse((r) => r.url().includes('/bff/callback'));
        await page.goto(`${stack.bffUrl}/`);
        expect((await silentReturn).headers()['location']).toBe('/?login_error=login_required');
        await page.waitForURL(`${stack.bffUrl}/`);
        await page.getByRole('button', { name: 'Log in' }).first().waitFor();
        expect(await page.getByRole('alert').count()).toBe(0);

        // Once per tab: a reload asks the BFF only, not the IdP again.
        const logins: string[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/bff/login')) logins.push(request.url());
        });
        await page.reload();
        await page.getByRole('button', { name: 'Log in' }).first().waitFor();
        await page.waitForTimeout(500); // time enough for a redirect, if there were one
        expect(logins).toEqual([]);
        expect(page.url()).toBe(`${stack.bffUrl}/`);
        await shot(page, 'silent-anonymous-no-banner');
      } finally {
        await context.close();
      }
    });
  });

  describe('a user who presses Cancel at the IdP', () => {
    it('lands back in the app with a sentence that says the sign-in was cancelled, not JSON', async () => {
      const context = await chromium.browser.newContext({ viewport: viewports.desktop });
      const page = await context.newPage();
      try {
        await page.goto(`${stack.bffUrl}/bff/login?returnTo=%2Fsecurity`);
        await page.waitForURL((url) => isLoginForm(url.href), { timeout: 15_000 });
        await shot(page, 'silent-idp-form-with-cancel');

        const callback = page.waitForResponse((r) => r.url().includes('/bff/callback'));
        await page.getByRole('link', { name: 'Cancel' }).click();
        const answer = await callback;
        expect(answer.status()).toBe(303);
        expect(answer.headers()['location']).toBe('/security?login_error=access_denied');

        const banner = page.getByTestId('login-error');
        await banner.waitFor({ timeout: 10_000 });
        expect(await banner.innerText()).toContain(
          'Sign-in was cancelled, so you are not signed in.',
        );
        expect(page.url()).toBe(`${stack.bffUrl}/security`);
        expect(await page.locator('body').innerText()).not.toContain('"error"');
        expect(await bffUserStatus(page)).toBe(401);
        await shot(page, 'silent-cancelled-banner');

        // Phone width too: the banner and its buttons fit.
        await page.setViewportSize(viewports.phone);
        await shot(page, 'silent-cancelled-banner-phone');
      } finally {
        await context.close();
      }
    });
  });
});
