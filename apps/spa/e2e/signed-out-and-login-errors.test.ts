import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { useStack } from '@cloakroom/test-stack';
import {
  bffUserStatus,
  describeInChromium,
  finishLogin,
  logIn,
  screenshot,
  viewports,
} from './support/browser.ts';

// The two moments a user is sent out of the app without asking: a session that ends while they
// use it, and a sign-in that fails. Both must say so plainly on the page, with the way back in.

/** What the test needs of an oidc-provider grant (the IdP's record of a user's consent). */
interface Grant {
  destroy(): Promise<void>;
}

/** Short, so a test can outlive the access token; the BFF renews it with half its life left. */
const accessTokenTtlSeconds = 4;

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * axe-core's serious and critical findings on `page` (whose context must bypass the SPA's CSP,
 * which rightly refuses the injected script), as `rule: target` lines.
 */
async function severeAxeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const { violations } = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }),
  );
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap(({ id, nodes }) => nodes.map((node) => `${id}: ${node.target.join(' ')}`));
}

describeInChromium(
  ({ stack, chromium }) => {
    describe('a session whose access token cannot be renewed', () => {
      it('shows "You were signed out" with a Sign in button at the next API call, and signing in works', async () => {
        // Every grant the IdP makes from here on, so the test can withdraw this login's.
        const grants: Grant[] = [];
        const onGrant = (grant: Grant) => grants.push(grant);
        stack.idp.provider.on('grant.saved', onGrant);
        const context = await chromium.browser.newContext({
          viewport: viewports.desktop,
          bypassCSP: true, // for axe only
        });
        const page = await context.newPage();
        try {
          await logIn(page, stack, '/notes');
          await page.getByTestId('note').first().or(page.getByTestId('notes-empty')).waitFor();
          expect(await page.getByRole('alert').count()).toBe(0);

          // The IdP no longer accepts the session's refresh token (its grant is gone), and the
          // access token runs out: the BFF cannot renew it and ends the session.
          expect(grants.length).toBeGreaterThan(0);
          await Promise.all(grants.map((grant) => grant.destroy()));
          await page.waitForTimeout(accessTokenTtlSeconds * 1000 + 500);

          const noteField = page.getByLabel('New note');
          await noteField.fill('written after the session ended');
          const answer = page.waitForResponse(
            (response) =>
              response.url().endsWith('/api/notes') && response.request().method() === 'POST',
          );
          await page.getByRole('button', { name: 'Add note' }).click();
          const refused = await answer;
          expect(refused.status()).toBe(401);
          expect(await refused.json()).toMatchObject({ error: 'session_expired' });

          const banner = page.getByRole('alert').filter({ hasText: 'You were signed out' });
          await banner.waitFor({ timeout: 10_000 });
          expect(await banner.innerText()).toContain(
            'You were signed out. Sign in again to continue.',
          );
          expect(await page.getByTestId('user-name').count()).toBe(0);
          expect(page.url()).toBe(`${stack.bffUrl}/notes`);
          expect(await bffUserStatus(page)).toBe(401);
          await screenshot(page, 'signed-out-banner-desktop');
          expect(await severeAxeFindings(page)).toEqual([]);

          await Promise.all([
            page.waitForEvent('load'),
            banner.getByRole('button', { name: 'Sign in' }).click(),
          ]);
          await finishLogin(page, stack, '/notes');
          expect(await page.getByRole('alert').count()).toBe(0);
          expect(await bffUserStatus(page)).toBe(200);
        } finally {
          stack.idp.provider.off('grant.saved', onGrant);
          await context.close();
        }
      });
    });

    describe('a sign-in while the IdP cannot be reached', () => {
      // A second server whose IdP is a closed port: the BFF's own answer to a login navigation.
      const down = useStack({ mode: 'server', idp: false });

      it('comes back to the page it started from with "not reachable", and Try again does the same', async () => {
        const context = await chromium.browser.newContext({ viewport: viewports.desktop });
        const page = await context.newPage();
        const seen: string[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/bff/login')) {
            seen.push(`${response.status()} ${response.headers()['location']}`);
          }
        });
        // A protected page sends the visitor to log in; the BFF cannot reach the IdP.
        await page.goto(`${down.bffUrl}/notes`);
        const banner = page.getByRole('alert');
        await banner.waitFor({ timeout: 10_000 });
        expect(seen).toEqual(['303 /notes?login_error=idp_unavailable']);
        expect(await banner.innerText()).toContain(
          'The sign-in service is not reachable right now. Try again in a moment.',
        );
        await page.getByTestId('sign-in-needed').waitFor();
        expect(page.url()).toBe(`${down.bffUrl}/notes`);
        await screenshot(page, 'login-error-idp-down-desktop');

        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Try again' }).click(),
        ]);
        await banner.waitFor();
        expect(seen).toHaveLength(2); // one more try, not a loop
        expect(page.url()).toBe(`${down.bffUrl}/notes`);
        await context.close();
      });
    });

    describe('a sign-in that failed (login_error in the URL)', () => {
      it('says the sign-in service is not reachable, and takes the parameter out of the URL', async () => {
        const context = await chromium.browser.newContext({
          viewport: viewports.desktop,
          bypassCSP: true, // for axe only
        });
        const page = await context.newPage();
        await page.goto(`${stack.bffUrl}/?login_error=idp_unavailable`);
        const banner = page.getByRole('alert');
        await banner.waitFor();
        expect(await banner.innerText()).toContain(
          'The sign-in service is not reachable right now. Try again in a moment.',
        );
        expect(page.url()).toBe(`${stack.bffUrl}/`);
        await screenshot(page, 'login-error-banner-desktop');
        expect(await severeAxeFindings(page)).toEqual([]);

        // A reload does not bring it back; the Try again button starts a login. (The reloaded
        // page, anonymous and without login_error, tries its one silent login: no IdP session
        // in this browser, so it comes back quietly with login_required. Wait for that.)
        const silentReturn = page.waitForResponse((r) => r.url().includes('/bff/callback'));
        await page.reload();
        expect((await silentReturn).headers()['location']).toBe('/?login_error=login_required');
        await page.waitForURL(`${stack.bffUrl}/`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect(await page.getByRole('alert').count()).toBe(0);
        await page.goto(`${stack.bffUrl}/?login_error=login_transaction_missing`);
        await page.getByRole('button', { name: 'Dismiss' }).click();
        expect(await page.getByRole('alert').count()).toBe(0);
        await page.goto(`${stack.bffUrl}/?login_error=login_transaction_missing`);
        await Promise.all([
          page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 }),
          page.getByRole('button', { name: 'Try again' }).click(),
        ]);
        await context.close();
      });

      it('on a protected page: explains a declined sign-in and does not send the browser back to the IdP', async () => {
        const context = await chromium.browser.newContext({ viewport: viewports.desktop });
        const page = await context.newPage();
        await page.goto(`${stack.bffUrl}/notes?login_error=access_denied`);
        await page.getByTestId('sign-in-needed').waitFor();
        expect(await page.getByRole('alert').innerText()).toContain(
          'Sign-in was cancelled, so you are not signed in.',
        );
        await page.waitForTimeout(500); // time enough for a redirect, if there were one
        expect(page.url()).toBe(`${stack.bffUrl}/notes`);

        // Closing the message does not start a login either; the page offers one.
        await page.getByRole('button', { name: 'Dismiss' }).click();
        await page.waitForTimeout(500);
        expect(page.url()).toBe(`${stack.bffUrl}/notes`);
        expect(await page.getByRole('alert').count()).toBe(0);
        await Promise.all([
          page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 }),
          page.getByTestId('sign-in-needed').getByRole('button', { name: 'Sign in' }).click(),
        ]);
        await context.close();
      });

      it('shows only its own sentence for a code it does not know, never the value', async () => {
        const context = await chromium.browser.newContext({ viewport: viewports.desktop });
        const page = await context.newPage();
        const hostile = '<img src=x onerror="window.hit=1">';
        await page.goto(`${stack.bffUrl}/?login_error=${encodeURIComponent(hostile)}`);
        const banner = page.getByRole('alert');
        await banner.waitFor();
        expect(await banner.innerText()).toContain('Sign-in did not complete. Try again.');
        expect(await page.content()).not.toContain('onerror');
        expect(await page.evaluate(() => (window as unknown as { hit?: number }).hit)).toBe(
          undefined,
        );
        await context.close();
      });
    });
  },
  { accessTokenTtlSeconds },
);
