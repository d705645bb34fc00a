import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults, Result } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import {
  artifactsDir,
  logIn,
  screenshot,
  viewports,
  describeInChromium,
} from './support/browser.ts';

// axe-core on every main page, logged in, at desktop and phone widths, with a screenshot of each.
// The SPA's CSP (`script-src 'self'`) rightly refuses the injected axe script, so this context
// bypasses CSP; the other browser tests keep it on.

describeInChromium(({ stack, chromium }) => {
  const axeSource = readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );

  const pages = [
    { name: 'home', path: '/', ready: (p: Page) => p.locator('.hero__welcome').waitFor() },
    { name: 'notes', path: '/notes', ready: (p: Page) => p.getByTestId('note').first().waitFor() },
    { name: 'profile', path: '/profile', ready: (p: Page) => p.getByTestId('claims').waitFor() },
    // Once every call has settled (on a stack without the billing routes, as failed cards).
    { name: 'apis', path: '/apis', ready: (p: Page) => p.getByTestId('apis-summary').waitFor() },
    {
      name: 'security',
      path: '/security',
      // With the XSS report open: its table and verdicts are part of what must be accessible.
      ready: async (p: Page) => {
        await p.getByRole('button', { name: 'Run the XSS simulation' }).click();
        await p.getByTestId('xss-result').waitFor();
      },
    },
  ] as const;

  let context: BrowserContext;
  let page: Page;
  const report: Record<
    string,
    Array<Pick<Result, 'id' | 'impact' | 'help'> & { targets: string[] }>
  > = {};

  async function runAxe(target: Page): Promise<AxeResults> {
    await target.addScriptTag({ content: axeSource });
    return target.evaluate(() =>
      (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
        resultTypes: ['violations'],
      }),
    );
  }

  beforeAll(async () => {
    context = await chromium.browser.newContext({ viewport: viewports.desktop, bypassCSP: true });
    page = await context.newPage();
    await logIn(page, stack, '/notes');
    for (const text of ['Buy milk', 'Rotate the signing keys on Friday — and tell the API team']) {
      await page.getByLabel('New note').fill(text);
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByText(text).waitFor();
    }
  });

  afterAll(async () => {
    writeFileSync(`${artifactsDir}axe-report.json`, JSON.stringify(report, null, 2));
  });

  describe.each(Object.entries(viewports))('at %s width', (width, viewport) => {
    it.each(pages)(
      '$name has no serious or critical axe violations',
      async ({ name, path, ready }) => {
        await page.setViewportSize(viewport);
        await page.goto(`${stack.bffUrl}${path}`);
        await page.getByTestId('user-name').waitFor({ state: 'attached' });
        await ready(page);
        await screenshot(page, `${name}-${width}`);
        const { violations } = await runAxe(page);
        report[`${name}-${width}`] = violations.map(({ id, impact, help, nodes }) => ({
          id,
          impact,
          help,
          targets: nodes.map((node) => node.target.join(' ')),
        }));
        const severe = violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            ({ id, help, nodes }) => `${id}: ${help} (${nodes.map((n) => n.target).join(', ')})`,
          );
        expect(severe).toEqual([]);
      },
    );
  });
});
