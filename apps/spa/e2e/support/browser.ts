import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import {
  useRunning,
  useStack,
  type ServerStackOptions,
  type StackFor,
} from '@cloakroom/test-stack';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findDebianBinary, requireDebianPackage } from '@cloakroom/testkit';

export const artifactsDir = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

/** The two widths every page is checked and photographed at. */
export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Whether Debian's Chromium is missing: each browser test file is then skipped, and the run's
 * end says to install `chromium` (in CI, an error instead).
 */
const chromiumMissing = !requireDebianPackage('chromium', 'the browser tests (apps/spa/e2e)');

/** What a browser test file's block gets: the deployable server's stack and one Chromium. */
export interface ChromiumBlock {
  stack: StackFor<{ mode: 'server' }>;
  chromium: { readonly browser: Browser };
}

/**
 * A browser test file's outer block, "in Chromium": skipped without Chromium (see above). The
 * stack (IdP, API, the deployable server; `stackOptions` over the defaults) and Chromium start
 * before its tests and stop after.
 *
 * @example
 * describeInChromium(({ stack, chromium }) => {
 *   it('opens', async () => { await (await chromium.browser.newPage()).goto(stack.bffUrl); });
 * });
 */
export function describeInChromium(
  body: (block: ChromiumBlock) => void,
  stackOptions: Omit<ServerStackOptions, 'mode'> = {},
): void {
  describe.skipIf(chromiumMissing)('in Chromium', () => {
    const stack = useStack({ ...stackOptions, mode: 'server' });
    const launched = useRunning(async () => {
      const browser = await launchChromium();
      return { browser, close: () => browser.close() };
    });
    body({ stack, chromium: launched });
  });
}

/** Debian's Chromium (or `CHROMIUM_PATH`), headless, with the flags this machine needs (no background networking). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: findDebianBinary('chromium') ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifactsDir}${name}.png`, fullPage: true });
}

/** Fills the dev IdP's login form and submits it. */
export async function signInAtIdp(page: Page, login: string, password: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    page.waitForEvent('framenavigated'),
    page.locator('form button[type="submit"], form input[type="submit"]').first().click(),
  ]);
}

/**
 * Logs in through the BFF, coming back to `path`: signs in at the IdP when it shows its form (it
 * does not when its own session is still alive) and waits until the SPA shows the user.
 */
export async function logIn(
  page: Page,
  stack: { bffUrl: string; idp: { issuer: string } },
  path = '/notes',
  user = 'alice',
): Promise<void> {
  await page.goto(`${stack.bffUrl}/bff/login?returnTo=${encodeURIComponent(path)}`);
  await finishLogin(page, stack, path, user);
}

/**
 * The rest of a login once a login navigation has loaded: the IdP's form, or already the SPA.
 *
 * @example
 * ```ts
 * await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in' }).click()]);
 * await finishLogin(page, stack, '/notes');
 * ```
 */
export async function finishLogin(
  page: Page,
  stack: { bffUrl: string; idp: { issuer: string } },
  path: string,
  user = 'alice',
): Promise<void> {
  if (new URL(page.url()).origin === stack.idp.issuer) {
    await signInAtIdp(page, user, `${user}-pw`);
    await page.waitForURL(`${stack.bffUrl}${path}`, { timeout: 15_000 });
  }
  expect(page.url()).toBe(`${stack.bffUrl}${path}`);
  await page.getByTestId('user-name').waitFor({ timeout: 10_000 });
}

/** `GET /bff/user` from inside `page`, as the SPA asks it; the status code. */
export function bffUserStatus(page: Page): Promise<number> {
  return page.evaluate(
    async () => (await fetch('/bff/user', { headers: { 'x-csrf': '1' } })).status,
  );
}

/** Waits until `testid` is visible in `page`. */
export async function expectVisible(page: Page, testid: string, timeout = 10_000): Promise<void> {
  await expect.poll(() => page.getByTestId(testid).isVisible(), { timeout }).toBe(true);
}
