import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInChromium, logIn, screenshot, viewports } from './support/browser.ts';

// Step-up from the Notes page (issue 15): the sample API asks for urn:cloakroom:acr:mfa to
// delete; the SPA explains and logs in again for it; the dev IdP asks for the one-time code
// its page shows; the user comes back to /notes and the delete works.

const MFA = 'urn:cloakroom:acr:mfa';

describeInChromium(({ stack, chromium }) => {
  let context: BrowserContext;
  let page: Page;
  const text = 'a note that needs a one-time code to delete';
  const note = () => page.getByTestId('note').filter({ hasText: text });
  const acr = () =>
    page.evaluate(async () => {
      const response = await fetch('/bff/user', { headers: { 'x-csrf': '1' } });
      return ((await response.json()) as { claims: { acr?: string } }).claims.acr;
    });

  beforeAll(async () => {
    context = await chromium.browser.newContext({ viewport: viewports.desktop });
    page = await context.newPage();
  });

  describe('alice deletes a note', () => {
    it('logs in with her password and adds a note', async () => {
      await logIn(page, stack, '/notes');
      await page.getByLabel('New note').fill(text);
      await page.getByRole('button', { name: 'Add note' }).click();
      await note().waitFor();
      expect(await acr()).not.toBe(MFA);
    });

    it('is told that deleting needs a one-time code, and the note stays', async () => {
      await note().getByRole('button', { name: 'Delete' }).click();
      const notice = page.getByTestId('step-up-notice');
      await notice.waitFor({ timeout: 10_000 });
      expect(await notice.innerText()).toContain('Deleting needs a second step: a one-time code');
      expect(await note().count()).toBe(1);
      // The session is still there: only a stronger login is missing.
      await page.getByTestId('user-name').waitFor();
      await screenshot(page, 'step-up-notice');
    });

    it('is asked for the one-time code at the IdP and comes back to /notes', async () => {
      await Promise.all([
        page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 }),
        page.getByRole('button', { name: 'Continue with a one-time code' }).click(),
      ]);
      const otp = page.locator('input[name="otp"]');
      await otp.waitFor();
      const code = (await page.getByTestId('otp-code').innerText()).trim();
      expect(code).toMatch(/^\d{6}$/);
      await page.locator('input[name="login"]').fill('alice');
      await page.locator('input[name="password"]').fill('alice-pw');
      await otp.fill(code);
      await screenshot(page, 'step-up-idp');
      await Promise.all([
        page.waitForURL(`${stack.bffUrl}/notes`, { timeout: 15_000 }),
        page.locator('form button[type="submit"]').click(),
      ]);
      await page.getByTestId('user-name').waitFor({ timeout: 10_000 });
      expect(await acr()).toBe(MFA);
    });

    it('now deletes the note', async () => {
      await note().waitFor();
      await screenshot(page, 'step-up-back');
      await note().getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => note().count(), { timeout: 10_000 }).toBe(0);
      expect(await page.getByTestId('step-up-notice').count()).toBe(0);
      const stored = await page.evaluate(async () => {
        const response = await fetch('/api/notes', { headers: { 'x-csrf': '1' } });
        return ((await response.json()) as Array<{ text: string }>).map((n) => n.text);
      });
      expect(stored).not.toContain(text);
      await screenshot(page, 'step-up-deleted');
    });
  });
});
