import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import {
  bffUserStatus,
  describeInChromium,
  expectVisible,
  logIn,
  screenshot,
  viewports,
} from './support/browser.ts';

// The Sessions page against the whole stack: alice logs in from two browsers (two contexts, each
// its own cookies and IdP session), sees both sessions, ends the other one, and that browser is
// signed out; then "End all other sessions", and ending her own. At desktop and phone widths,
// axe-clean. The contexts that run axe bypass the SPA's CSP, which rightly refuses its script.

const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describeInChromium(({ stack, chromium }) => {
  const axeSource = readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  async function seriousAxeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const { violations } = await page.evaluate(() =>
      (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
        resultTypes: ['violations'],
      }),
    );
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(({ id, help, nodes }) => `${id}: ${help} (${nodes.map((n) => n.target).join(', ')})`);
  }
  const sessionItems = (page: Page) => page.getByTestId('session');
  const openSessions = async (page: Page, count: number) => {
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    await expect.poll(() => sessionItems(page).count(), { timeout: 10_000 }).toBe(count);
  };

  // Each test starts with none of alice's sessions left by another.
  beforeEach(async () => {
    await stack.bff.sessions.endAll('alice');
  });

  describe.each(Object.entries(viewports))('at %s width', (width, viewport) => {
    it('lists both browsers, ends the other one, and that browser is signed out', async () => {
      const mine = await chromium.browser.newContext({ viewport, bypassCSP: true });
      const theirs = await chromium.browser.newContext({ viewport, userAgent: iphone });
      try {
        const here = await mine.newPage();
        const there = await theirs.newPage();
        await logIn(there, stack, '/notes');
        await logIn(here, stack, '/notes');
        await openSessions(here, 2);

        // Newest first: this browser, marked as such, then the phone with its device named.
        const [first, second] = [sessionItems(here).nth(0), sessionItems(here).nth(1)];
        expect(await first.getAttribute('data-current')).toBe('true');
        expect(await first.getByTestId('this-device').innerText()).toBe('This device');
        expect(await second.getByTestId('this-device').count()).toBe(0);
        expect(await second.innerText()).toContain('Safari 18 on iOS 18.0');
        expect(await here.getByRole('button', { name: 'End all other sessions' }).count()).toBe(1);
        await screenshot(here, `sessions-${width}`);
        expect(await seriousAxeViolations(here)).toEqual([]);

        await second.getByRole('button', { name: 'End', exact: true }).click();
        await expect.poll(() => sessionItems(here).count()).toBe(1);
        await expectVisible(here, 'sessions-only-this');
        // Focus moves to the list's heading once the button it was on is gone.
        expect(await here.evaluate(() => document.activeElement?.id)).toBe('sessions-list-title');
        await screenshot(here, `sessions-after-end-${width}`);
        expect(await seriousAxeViolations(here)).toEqual([]);

        // The other browser: its session is gone on the server; its next step says so.
        expect(await bffUserStatus(there)).toBe(401);
        await there.getByRole('link', { name: 'Sessions' }).click();
        await expectVisible(there, 'signed-out');
        expect(await there.getByTestId('user-name').count()).toBe(0);
        await screenshot(there, `sessions-ended-elsewhere-${width}`);
        expect(await bffUserStatus(here)).toBe(200);
      } finally {
        await mine.close();
        await theirs.close();
      }
    });
  });

  it('ends all other sessions at once, then its own, and goes anonymous', async () => {
    const mine = await chromium.browser.newContext({ viewport: viewports.phone });
    const others = [
      await chromium.browser.newContext({ viewport: viewports.desktop }),
      await chromium.browser.newContext({ viewport: viewports.desktop, userAgent: iphone }),
    ];
    try {
      const otherPages = await Promise.all(others.map((context) => context.newPage()));
      for (const page of otherPages) await logIn(page, stack, '/notes');
      const here = await mine.newPage();
      await logIn(here, stack, '/notes');
      await openSessions(here, 3);

      await here.getByRole('button', { name: 'End all other sessions' }).click();
      await expect.poll(() => sessionItems(here).count()).toBe(1);
      for (const page of otherPages) expect(await bffUserStatus(page)).toBe(401);
      expect(await here.getByRole('button', { name: 'End all other sessions' }).count()).toBe(0);

      await here.getByRole('button', { name: 'End and sign out' }).click();
      await expectVisible(here, 'signed-out');
      expect(here.url()).toBe(`${stack.bffUrl}/`);
      expect(await here.getByTestId('user-name').count()).toBe(0);
      expect(await bffUserStatus(here)).toBe(401);
      await screenshot(here, 'sessions-ended-own-phone');
      expect(await stack.bff.sessions.list('alice')).toEqual([]);
    } finally {
      await mine.close();
      for (const context of others) await context.close();
    }
  });
});
