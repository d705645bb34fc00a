import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { scanForSecrets } from '@cloakroom/testkit';
import {
  bffUserStatus,
  screenshot,
  signInAtIdp,
  viewports,
  describeInChromium,
} from './support/browser.ts';

describeInChromium(({ stack, chromium }) => {
  let context: BrowserContext;
  let page: Page;
  /** Every response body the page received from the BFF's origin. */
  const bodies: string[] = [];

  beforeAll(async () => {
    context = await chromium.browser.newContext({ viewport: viewports.desktop });
    page = await context.newPage();
    page.on('response', async (response) => {
      if (!response.url().startsWith(stack.bffUrl)) return;
      const headers = JSON.stringify(response.headers());
      const body = await response.text().catch(() => '');
      bodies.push(`${response.url()} ${headers} ${body}`);
    });
  });

  describe('alice in Chromium', () => {
    it('is sent to the IdP from a protected page and lands back on it, logged in', async () => {
      await page.goto(`${stack.bffUrl}/notes`);
      await page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 });
      await screenshot(page, 'idp-login');
      await signInAtIdp(page, 'alice', 'alice-pw');
      await page.waitForURL(`${stack.bffUrl}/notes`, { timeout: 15_000 });
      await expect
        .poll(() => page.getByRole('button', { name: 'Log out' }).isVisible(), { timeout: 10_000 })
        .toBe(true);
      await expect.poll(() => page.locator('header').innerText()).toContain('Alice');
    });

    it('adds a note through /api and sees it listed', async () => {
      await page.getByLabel('New note').fill('hello from chromium');
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect
        .poll(() => page.getByText('hello from chromium').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await screenshot(page, 'notes');
    });

    it('asks for a second step before deleting a note, and keeps it (step-up.test.ts goes on)', async () => {
      await page.getByLabel('New note').fill('a note to delete');
      await page.getByRole('button', { name: 'Add note' }).click();
      const doomed = page.getByTestId('note').filter({ hasText: 'a note to delete' });
      await doomed.waitFor();
      expect(await page.getByTestId('note').count()).toBe(2);
      await doomed.getByRole('button', { name: 'Delete' }).click();
      await page.getByTestId('step-up-notice').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('note').count()).toBe(2);
      const stored = await page.evaluate(async () => {
        const response = await fetch('/api/notes', { headers: { 'x-csrf': '1' } });
        return ((await response.json()) as Array<{ text: string }>).map((note) => note.text);
      });
      expect(stored).toEqual(['hello from chromium', 'a note to delete']);
    });

    it("shows alice's claims and when her session ends on the Profile page", async () => {
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByTestId('claims').waitFor();
      const rows = await page.getByTestId('claims').locator('tbody tr').allInnerTexts();
      const claims = Object.fromEntries(rows.map((row) => row.split('\t')));
      expect(claims).toMatchObject({
        sub: 'alice',
        name: 'Alice Liddell',
        email: 'alice@example.com',
        preferred_username: 'alice',
      });
      expect(Object.keys(claims)).not.toContain('nonce');
      expect(await page.locator('.lead').innerText()).toContain('Alice Liddell');
      const countdown = await page.getByTestId('expiry-countdown').innerText();
      expect(countdown).toMatch(/^(\d+:)?\d{1,2}:\d{2}$/);
      const endsAt = await page.locator('.expiry time').getAttribute('datetime');
      const { expiresAt } = await page.evaluate(
        async () =>
          (await (await fetch('/bff/user', { headers: { 'x-csrf': '1' } })).json()) as {
            expiresAt: number;
          },
      );
      expect(Date.parse(endsAt!)).toBe(expiresAt * 1000);
      expect(expiresAt * 1000).toBeGreaterThan(Date.now());
      await screenshot(page, 'profile');
    });

    it('holds no token and no session id in document.cookie, localStorage or sessionStorage', async () => {
      const session = (await context.cookies(stack.bffUrl)).find(
        (c) => c.name === '__Host-cloakroom',
      );
      expect(session).toMatchObject({
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/',
      });
      const visible = await page.evaluate(() => ({
        cookie: document.cookie,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
      }));
      for (const place of Object.values(visible)) {
        expect(place).not.toContain(session!.value);
        expect(scanForSecrets(place)).toEqual([]);
      }
    });

    it('never received a token in any response from its origin', async () => {
      expect(bodies.length).toBeGreaterThan(3);
      expect(bodies.flatMap((text) => scanForSecrets(text))).toEqual([]);
    });

    it('logs out: the session ends at the BFF and the IdP, and the SPA is anonymous again', async () => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 });
      await screenshot(page, 'idp-logout-confirm');
      const confirm = page.locator('form button[type="submit"], form input[type="submit"]').first();
      if (await confirm.isVisible()) await confirm.click();
      await page.waitForURL((url) => url.origin === stack.bffUrl, { timeout: 15_000 });
      await expect
        .poll(() => page.getByRole('button', { name: 'Log in' }).first().isVisible(), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(await bffUserStatus(page)).toBe(401);
      await screenshot(page, 'logged-out');
    });
  });
});
