/**
 * Screenshots of every page in mock mode, at desktop and phone widths, for a human to look at.
 * Start `pnpm dev:mock` first, then: `node scripts/mock-screenshots.ts [baseUrl]`.
 * Writes to test-artifacts/mock/ at the repository root (git-ignored). Uses Debian's Chromium.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { accessTokenLifetimeMs } from '@cloakroom/mocks';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:5173';
const outDir = fileURLToPath(new URL('../../../test-artifacts/mock/', import.meta.url));
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const problems: string[] = [];

async function scenario(page: Page, name: string, path: string) {
  await page.goto(base + '/');
  await page.evaluate((value) => localStorage.setItem('cloakroom-mock-scenario', value), name);
  await page.goto(base + path);
  await page.locator('main h1').first().waitFor();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${outDir}${name}.png`, fullPage: true });
}

for (const [label, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('console', (message) => {
    // The 401s and 500s the scenarios provoke are logged by the browser; they are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`${label}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    // msw's own race on a full navigation: the closing page's worker unregisters itself when it
    // has no client left, while the next page's worker.start() calls registration.update()
    // without awaiting it. The new page registers the worker again; nothing is lost.
    if (
      /^Failed to update a ServiceWorker .*mockServiceWorker\.js'\): Not found$/.test(error.message)
    )
      return;
    problems.push(`${label}: pageerror at ${page.url()}: ${error.message}`);
  });

  await scenario(page, 'anonymous', '/');
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await shot(page, `${label}-home-anonymous`);

  // A protected route while anonymous: login (played by mock mode) and back to the route.
  await page.goto(base + '/notes');
  await page.waitForURL(`${base}/notes`);
  await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
  await page.getByTestId('note').first().waitFor();
  await shot(page, `${label}-notes`);

  await page.getByLabel('New note').fill('Written by the screenshot script');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Written by the screenshot script').waitFor();
  await page.getByRole('button', { name: 'Add note' }).click(); // empty: a validation message
  await page.getByRole('alert').waitFor();
  await shot(page, `${label}-notes-added`);
  // Deleting needs a step-up (a one-time code): the notice, then the mock login that plays the
  // IdP's second step and comes back to /notes (a new page: mock notes start over), then a
  // delete goes through.
  await page
    .getByTestId('note')
    .filter({ hasText: 'Written by the screenshot script' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByTestId('step-up-notice').waitFor();
  await shot(page, `${label}-notes-step-up`);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Continue with a one-time code' }).click(),
  ]);
  await page.waitForURL(`${base}/notes`);
  const first = page.getByTestId('note').first();
  const deleted = (await first.innerText()).split('\n')[0]!;
  await first.getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('note').filter({ hasText: deleted }).waitFor({ state: 'detached' });
  if ((await page.getByTestId('step-up-notice').count()) > 0)
    problems.push(`${label}: deleting still asks for a step-up after it`);

  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('table').waitFor();
  await shot(page, `${label}-profile`);

  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Run the XSS simulation' }).click();
  await page.getByTestId('xss-result').waitFor();
  const xss = await page.getByTestId('xss-result').textContent();
  if (!xss?.includes('No token found')) problems.push(`${label}: xss-result says: ${xss}`);
  await shot(page, `${label}-security`);

  await page.getByRole('link', { name: 'APIs' }).click();
  await page.getByTestId('apis-summary').waitFor();
  await shot(page, `${label}-apis`);

  await scenario(page, 'billing-down', '/apis');
  await page.getByTestId('apis-summary').waitFor();
  await shot(page, `${label}-apis-billing-down`);

  await scenario(page, 'api-500', '/notes');
  await page.getByRole('alert').waitFor();
  await shot(page, `${label}-notes-api-500`);

  await scenario(page, 'slow-api', '/notes');
  await page.getByText('Loading notes…').waitFor();
  await shot(page, `${label}-notes-loading`);

  await scenario(page, 'expiring', '/profile');
  await page.getByTestId('expiry-warning').waitFor();
  await shot(page, `${label}-profile-expiring`);

  // No refresh token: once the access token has run out, the next API call ends the session.
  await scenario(page, 'session-expires', '/notes');
  await page.getByTestId('note').first().waitFor();
  await page.waitForTimeout(accessTokenLifetimeMs + 250);
  await page.getByLabel('New note').fill('Written after the access token ran out');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByTestId('signed-out').waitFor();
  await shot(page, `${label}-signed-out`);

  // Live: events and an echo, then connections dropped while the session lives.
  await scenario(page, 'alice', '/live');
  await page.getByTestId('live-event').nth(1).waitFor();
  await page.getByLabel('Message').fill('hello');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('echo-echo').waitFor();
  await shot(page, `${label}-live`);
  await scenario(page, 'live-drops', '/live');
  await page.getByText('Connection closed (code 1011).').waitFor({ timeout: 15_000 });
  await page.getByText('The event stream stopped.').waitFor({ timeout: 15_000 });
  await shot(page, `${label}-live-dropped`);

  // The IdP cannot be reached: the login comes back with login_error, which the app reads and
  // removes from the address bar.
  await scenario(page, 'idp-down', '/');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('login-error').waitFor();
  if (new URL(page.url()).search) problems.push(`${label}: login_error left in ${page.url()}`);
  await shot(page, `${label}-login-error`);

  // The session ends while in use: another tab logged out, this one notices on focus.
  await scenario(page, 'alice', '/notes');
  await page.getByTestId('note').first().waitFor();
  await page.evaluate(() => {
    localStorage.setItem('cloakroom-mock-scenario', 'anonymous');
    window.dispatchEvent(new Event('focus'));
  });
  await page.getByTestId('session-ended').waitFor();
  await shot(page, `${label}-session-ended`);

  await context.close();
}

await browser.close();
process.stdout.write(`screenshots in ${outDir}\n`);
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exitCode = 1;
}
