import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { ServerStackOptions } from '@cloakroom/test-stack';
import { scanForSecrets } from '@cloakroom/testkit';
import { describeInChromium, logIn, screenshot, viewports } from './support/browser.ts';

// Issue 13, "several APIs, one session", in a real browser against the real stack: the APIs page
// calls three BFF routes to two sample APIs, and each API reports a different token — alice's
// login token (audience `api`), alice's RFC 8707 token for the billing API, and the BFF's own
// client-credentials token for the billing API — while the page holds no token at all.

const billingAudience = 'urn:cloakroom:billing';

/** Two APIs and the route table of apps/bff/dev-routes.json, with the stack's API URLs. */
const severalApis = {
  apis: [{ name: 'billing', audience: billingAudience }],
  routes: [
    { path: '/api', upstream: '{api}', token: 'user' },
    {
      path: '/api/billing',
      upstream: '{api:billing}',
      token: 'user',
      resource: billingAudience,
      scope: 'billing',
    },
    {
      path: '/api/billing-service',
      upstream: '{api:billing}',
      token: 'client',
      resource: billingAudience,
    },
  ],
} satisfies Omit<ServerStackOptions, 'mode'>;

/** What one card of the APIs page shows. */
interface Card {
  route: string | null;
  status: string | null;
  sub: string;
  aud: string;
  fingerprint: string;
}

async function readCards(page: Page): Promise<Card[]> {
  const cards = page.getByTestId('api-card');
  const read: Card[] = [];
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const text = async (testId: string) =>
      (await card.getByTestId(testId).locator('code').count())
        ? await card.getByTestId(testId).locator('code').innerText()
        : '';
    read.push({
      route: await card.getAttribute('data-route'),
      status: await card.getAttribute('data-status'),
      sub: await text('identity-sub'),
      aud: await text('identity-aud'),
      fingerprint: await text('identity-fingerprint'),
    });
  }
  return read;
}

describeInChromium(({ stack, chromium }) => {
  let context: BrowserContext;
  let page: Page;
  /** Every response the page received from the BFF's origin: URL, headers and body. */
  const responses: string[] = [];
  let firstRequest = 0;

  beforeAll(async () => {
    context = await chromium.browser.newContext({ viewport: viewports.desktop });
    page = await context.newPage();
    page.on('response', async (response) => {
      if (!response.url().startsWith(stack.bffUrl)) return;
      const body = await response.text().catch(() => '');
      responses.push(`${response.url()} ${JSON.stringify(response.headers())} ${body}`);
    });
    await logIn(page, stack, '/notes');
    firstRequest = stack.requests.length;
    await page.getByRole('link', { name: 'APIs' }).click();
    await page.getByTestId('apis-summary').waitFor({ timeout: 15_000 });
  });

  describe('the APIs page, logged in as alice', () => {
    it('shows three cards: three tokens, two audiences, alice twice and the BFF once', async () => {
      const cards = await readCards(page);
      expect(cards.map(({ route, status }) => [route, status])).toEqual([
        ['/api', 'ready'],
        ['/api/billing', 'ready'],
        ['/api/billing-service', 'ready'],
      ]);
      expect(cards.map((card) => card.sub)).toEqual(['alice', 'alice', 'cloakroom-bff']);
      expect(cards.map((card) => card.aud)).toEqual(['api', billingAudience, billingAudience]);
      for (const card of cards) expect(card.fingerprint).toMatch(/^[0-9a-f]{12}$/);
      expect(new Set(cards.map((card) => card.fingerprint)).size).toBe(3);
      expect(await page.getByTestId('apis-summary').innerText()).toBe(
        '3 calls, 3 different tokens (3 fingerprints), 2 audiences — and your browser sent only its session cookie.',
      );
      await screenshot(page, 'apis-desktop');
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'apis-phone');
      await page.setViewportSize(viewports.desktop);
    });

    it('sent each call with the session cookie and the CSRF header, and nothing else to choose a token', async () => {
      const calls = stack.requests
        .slice(firstRequest)
        .filter((request) => request.path.endsWith('/me'));
      expect(calls.map((call) => call.path)).toEqual(
        expect.arrayContaining(['/api/billing-service/me', '/api/billing/me', '/api/me']),
      );
      for (const call of calls) {
        expect(call).toMatchObject({ status: 200, withSessionCookie: true, withCsrfHeader: true });
      }
    });

    it('holds no token in document.cookie, localStorage, sessionStorage or the page', async () => {
      const session = (await context.cookies(stack.bffUrl)).find(
        (cookie) => cookie.name === '__Host-cloakroom',
      );
      expect(session).toMatchObject({ httpOnly: true });
      const visible = await page.evaluate(() => ({
        cookie: document.cookie,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        html: document.documentElement.outerHTML,
      }));
      for (const place of Object.values(visible)) {
        expect(place).not.toContain(session!.value);
        expect(scanForSecrets(place)).toEqual([]);
      }
      expect(visible.cookie).toBe('');
      expect(await page.getByTestId('apis-browser-verdict').innerText()).toMatch(
        /^No token is visible to this page/,
      );
    });

    it('never received a token in any response from its origin', async () => {
      expect(responses.some((line) => line.includes('/api/billing-service/me'))).toBe(true);
      expect(responses.flatMap((line) => scanForSecrets(line))).toEqual([]);
    });

    it('calls all three again with "Call again", with the same tokens while they last', async () => {
      const before = await readCards(page);
      await page.getByRole('button', { name: 'Call again' }).click();
      await expect
        .poll(async () => (await readCards(page)).map((card) => card.status), { timeout: 15_000 })
        .toEqual(['ready', 'ready', 'ready']);
      expect((await readCards(page)).map((card) => card.fingerprint)).toEqual(
        before.map((card) => card.fingerprint),
      );
    });
  });
}, severalApis);

/** Nothing listens on the discard port: the billing API "down". */
const billingDown: Omit<ServerStackOptions, 'mode'> = {
  ...severalApis,
  routes: severalApis.routes.map((route) =>
    route.upstream === '{api:billing}' ? { ...route, upstream: 'http://127.0.0.1:9' } : route,
  ),
};

describeInChromium(({ stack, chromium }) => {
  let page: Page;

  beforeAll(async () => {
    const context = await chromium.browser.newContext({ viewport: viewports.desktop });
    page = await context.newPage();
    await logIn(page, stack, '/apis');
    await page.getByTestId('apis-summary').waitFor({ timeout: 15_000 });
  });

  describe('the APIs page while the billing API is down', () => {
    it('shows 502 upstream_unavailable on both billing cards, and the /api card as usual', async () => {
      const cards = await readCards(page);
      expect(cards.map(({ route, status }) => [route, status])).toEqual([
        ['/api', 'ready'],
        ['/api/billing', 'error'],
        ['/api/billing-service', 'error'],
      ]);
      expect(cards[0]).toMatchObject({ sub: 'alice', aud: 'api' });
      for (const route of ['/api/billing', '/api/billing-service']) {
        const card = page.locator(`[data-testid="api-card"][data-route="${route}"]`);
        expect(await card.getByTestId('api-card-error-code').innerText()).toBe(
          '502 upstream_unavailable',
        );
        expect(await card.getByRole('alert').innerText()).toContain('The API cannot be reached.');
      }
      expect(await page.getByTestId('apis-summary').innerText()).toMatch(/^1 of 3 calls answered/);
      await screenshot(page, 'apis-billing-down-desktop');
    });

    it('Retry calls the failed route again, and only that one', async () => {
      const first = stack.requests.length;
      await page.getByRole('button', { name: 'Retry /api/billing', exact: true }).click();
      await expect
        .poll(
          () =>
            stack.requests
              .slice(first)
              .map((request) => request.path)
              .filter((path) => path.endsWith('/me')),
          { timeout: 10_000 },
        )
        .toEqual(['/api/billing/me']);
      await page.locator('[data-route="/api/billing"][data-status="error"]').waitFor();
      const retried = stack.requests.slice(first).find((r) => r.path === '/api/billing/me');
      expect(retried).toMatchObject({ status: 502, withSessionCookie: true });
    });
  });
}, billingDown);
