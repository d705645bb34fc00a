import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  bffUserStatus,
  expectVisible,
  finishLogin,
  logIn,
  screenshot,
  viewports,
  describeInChromium,
} from './support/browser.ts';

// A session that ends while the SPA is open: logged out in another tab, or ended on the server.
// Either way the page must say so plainly and offer to log in again, without a reload.

describeInChromium(({ stack, chromium }) => {
  /** Sets a marker in the page's window; it survives anything but a reload or a navigation. */
  const mark = (page: Page) =>
    page.evaluate(() => void ((window as unknown as { marker: string }).marker = 'still here'));
  const readMark = (page: Page) =>
    page.evaluate(() => (window as unknown as { marker?: string }).marker);

  describe('a session that ends while a page is open', () => {
    it('cross-tab: logging out in one tab shows "session ended" in the other, without a reload', async () => {
      const context = await chromium.browser.newContext({ viewport: viewports.desktop });
      const notesTab = await context.newPage();
      await logIn(notesTab, stack, '/notes');
      const profileTab = await context.newPage();
      await profileTab.goto(`${stack.bffUrl}/profile`);
      await profileTab.getByTestId('user-name').waitFor();
      await mark(profileTab);

      await notesTab.getByRole('button', { name: 'Log out' }).click();
      await notesTab.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 });

      await expectVisible(profileTab, 'session-ended');
      expect(await profileTab.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Your session has ended — log in again',
      );
      expect(await profileTab.getByTestId('user-name').count()).toBe(0);
      expect(await readMark(profileTab)).toBe('still here');
      expect(profileTab.url()).toBe(`${stack.bffUrl}/profile`);
      expect(await bffUserStatus(profileTab)).toBe(401);
      await screenshot(profileTab, 'session-ended-other-tab-desktop');
      await context.close();
    });

    it('ended on the server: the next action shows "log in again", and logging in works', async () => {
      const context = await chromium.browser.newContext({ viewport: viewports.desktop });
      const page = await context.newPage();
      await logIn(page, stack, '/notes');
      await page.getByLabel('New note').fill('written before the session ended');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByText('written before the session ended').waitFor();
      await mark(page);

      // The server ends the session behind the page's back: another client holding the same
      // cookie logs it out (the session is destroyed and its refresh token revoked at the IdP).
      // The BFF server has no setting for a short idle timeout, so this is how a test makes a
      // session end on the server without waiting for one.
      const cookie = (await context.cookies(stack.bffUrl)).find((c) =>
        c.name.startsWith('__Host-'),
      );
      const ended = await fetch(`${stack.bffUrl}/bff/logout`, {
        method: 'POST',
        headers: {
          cookie: `${cookie!.name}=${cookie!.value}`,
          'x-csrf': '1',
          origin: stack.bffUrl,
        },
      });
      expect(ended.status).toBe(200);

      await page.getByLabel('New note').fill('written after the session ended');
      await page.getByRole('button', { name: 'Add note' }).click();
      await expectVisible(page, 'session-ended');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Your session has ended — log in again',
      );
      expect(await readMark(page)).toBe('still here');
      await screenshot(page, 'session-ended-on-server-desktop');

      // The way back in is the "You were signed out" banner's button.
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await finishLogin(page, stack, '/notes');
      await page.getByText('written before the session ended').waitFor();
      expect(await page.getByText('written after the session ended').count()).toBe(0);
      expect(await bffUserStatus(page)).toBe(200);
      await context.close();
    });
  });
});
