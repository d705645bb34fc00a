import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAttacker, type RunningAttacker } from '@cloakroom/attacker';
import {
  bffUserStatus,
  logIn,
  screenshot,
  viewports,
  describeInChromium,
} from './support/browser.ts';

// The Security page's two simulations, run for real: the "XSS" script inside the SPA, and the
// attacker page on another site (127.0.0.1, while the BFF is on localhost) aimed at this BFF.

describeInChromium(({ stack, chromium }) => {
  let attacker: RunningAttacker;
  let context: BrowserContext;
  let page: Page;

  const notesText = (p: Page) =>
    p.evaluate(async () => {
      const response = await fetch('/api/notes', { headers: { 'x-csrf': '1' } });
      return (await response.json()) as Array<{ text: string }>;
    });

  beforeAll(async () => {
    attacker = await startAttacker({ bffUrl: stack.bffUrl });
    context = await chromium.browser.newContext({ viewport: viewports.desktop });
    page = await context.newPage();
    await logIn(page, stack, '/notes');
    await page.getByLabel('New note').fill('written before the attack');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('written before the attack').waitFor();
  });

  afterAll(async () => {
    await attacker?.close();
  });

  describe('the Security page, logged in as alice', () => {
    it('says the browser holds no token and no session id', async () => {
      await page.getByRole('link', { name: 'Security' }).click();
      await page.getByTestId('storage-verdict').waitFor();
      expect(await page.getByTestId('storage-verdict').innerText()).toContain(
        'No token and no session id',
      );
      expect(await page.getByTestId('storage-verdict').getAttribute('class')).toContain(
        'verdict--good',
      );
    });

    it('runs the XSS simulation: it can use the session but finds no token', async () => {
      await page.getByRole('button', { name: 'Run the XSS simulation' }).click();
      await page.getByTestId('xss-result').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('xss-result').innerText()).toMatch(/^No token found/);
      const statuses = await page
        .getByTestId('xss-probes')
        .locator('tbody tr td:first-of-type')
        .allInnerTexts();
      expect(statuses).toEqual(['200', '200', '200']);
      expect(await page.getByTestId('xss-residual-risk').innerText()).toContain(
        'it did use your session',
      );
      await screenshot(page, 'security-after-xss-desktop');
    });
  });

  describe('the CSRF simulation: the attacker page on another site', () => {
    let attackerPage: Page;
    let firstRequest = 0;
    let notesBefore: string[] = [];

    beforeAll(async () => {
      notesBefore = (await notesText(page)).map((note) => note.text);
      firstRequest = stack.requests.length;
      attackerPage = await context.newPage();
      await attackerPage.goto(attacker.url);
      await attackerPage
        .locator('[data-testid="attacks-summary"][data-done]')
        .waitFor({ timeout: 15_000 });
    });

    it('sees each of its attacks fail', async () => {
      const outcomes: Record<string, string | null> = {};
      for (const id of ['attack-form', 'attack-fetch', 'attack-fetch-header', 'attack-img']) {
        outcomes[id] = await attackerPage.getByTestId(id).getAttribute('data-outcome');
      }
      // `blocked`: the browser refused or errored; `blind`: sent, but nothing came back to see.
      expect(outcomes).toEqual({
        'attack-form': 'blind',
        'attack-fetch': 'blocked',
        'attack-fetch-header': 'blocked',
        'attack-img': 'blocked',
      });
      expect(await attackerPage.getByTestId('attack-fetch-result').innerText()).toContain(
        'fetch rejected',
      );
      expect(await attackerPage.getByTestId('attack-fetch-header-result').innerText()).toContain(
        'fetch rejected',
      );
      expect(await attackerPage.getByTestId('attack-img-result').innerText()).toContain(
        'failed to load',
      );
      expect(await attackerPage.getByTestId('attack-form-result').innerText()).toContain(
        'cannot read',
      );
      expect(await attackerPage.getByTestId('attacks-summary').getAttribute('data-done')).toBe(
        'safe',
      );
      await screenshot(attackerPage, 'attacker-desktop');
      await attackerPage.setViewportSize(viewports.phone);
      await screenshot(attackerPage, 'attacker-phone');
    });

    it('reached the BFF only without the session cookie, and was refused every time', async () => {
      const fromAttacker = stack.requests
        .slice(firstRequest)
        .filter((request) => request.secFetchSite === 'cross-site');
      const summary = fromAttacker.map(
        (r) => `${r.method} ${r.path} ${r.status}${r.withCsrfHeader ? ' x-csrf' : ''}`,
      );
      expect(fromAttacker.every((request) => !request.withSessionCookie)).toBe(true);
      // (a) the form post: no cookie, no header, foreign Origin → 403.
      expect(summary).toContain('POST /bff/logout 403');
      // (b) the "simple" fetch does arrive, and is refused the same way.
      expect(summary).toContain('POST /api/notes 403');
      // (b') with X-CSRF only the preflight arrives; the POST itself is never sent.
      expect(summary.some((line) => line.startsWith('OPTIONS /api/notes '))).toBe(true);
      expect(summary).not.toContain('POST /api/notes 403 x-csrf');
      expect(fromAttacker.filter((r) => r.withCsrfHeader)).toEqual([]);
      // (c) the image GET: refused.
      expect(summary).toContain('GET /api/notes 403');
      expect(fromAttacker.every((request) => request.status >= 400)).toBe(true);
    });

    it('left the session alive and the notes unchanged, as the SPA’s check shows', async () => {
      await attackerPage.close();
      await page.bringToFront();
      await page.getByRole('button', { name: 'Check my session and notes' }).click();
      await expect
        .poll(() => page.getByTestId('csrf-session-check').innerText(), { timeout: 10_000 })
        .toContain('Your session survived');
      expect(await page.getByTestId('csrf-session-check').innerText()).toContain(
        `you have ${notesBefore.length} notes`,
      );
      expect(await bffUserStatus(page)).toBe(200);
      expect((await notesText(page)).map((note) => note.text)).toEqual(notesBefore);
      await screenshot(page, 'security-after-csrf-desktop');
    });
  });
});
