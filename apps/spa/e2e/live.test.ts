import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  bffUserStatus,
  describeInChromium,
  expectVisible,
  logIn,
  screenshot,
  viewports,
} from './support/browser.ts';

// Issue 16, "live connections", in a real browser against the real stack: the Live page's event
// stream and echo WebSocket go through the BFF's /api/live route to the sample API, and when the
// session ends elsewhere the BFF closes both (the stream ends, the socket closes with 4401) and
// the page says so, with nothing left open and no reconnect attempts that succeed.

/** The route table of apps/bff/dev-routes.json that the Live page needs. */
const liveRoutes = {
  routes: [
    { path: '/api', upstream: '{api}', token: 'user' },
    {
      path: '/api/live',
      upstream: '{api}',
      token: 'user',
      websocket: true,
      sameOriginReads: true,
    },
  ],
};

/** What the page's EventSources and WebSockets are doing (recorded by {@link recordLive}). */
interface LiveRecord {
  sources: number[];
  sockets: number[];
  closeCodes: number[];
}

/**
 * Records every EventSource and WebSocket the page makes, and each socket's close code, so the
 * test can tell that they really are closed — what the user sees is checked separately.
 */
async function recordLive(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const live = {
      sources: [] as EventSource[],
      sockets: [] as WebSocket[],
      closeCodes: [] as number[],
    };
    (window as unknown as { __live: typeof live }).__live = live;
    const NativeEventSource = window.EventSource;
    window.EventSource = class extends NativeEventSource {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        live.sources.push(this);
      }
    };
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        live.sockets.push(this);
        this.addEventListener('close', (event) => live.closeCodes.push(event.code));
      }
    };
  });
}

function readLive(page: Page): Promise<LiveRecord> {
  return page.evaluate(() => {
    const live = (
      window as unknown as {
        __live: { sources: EventSource[]; sockets: WebSocket[]; closeCodes: number[] };
      }
    ).__live;
    return {
      sources: live.sources.map((s) => s.readyState),
      sockets: live.sockets.map((s) => s.readyState),
      closeCodes: [...live.closeCodes],
    };
  });
}

describeInChromium(({ stack, chromium }) => {
  describe('the Live page', () => {
    let context: BrowserContext;
    let page: Page;
    /** What the browser refused under the SPA's CSP (`connect-src 'self'` must admit ws:). */
    const refusedByCsp: string[] = [];
    beforeAll(async () => {
      context = await chromium.browser.newContext({ viewport: viewports.desktop });
      await recordLive(context);
      page = await context.newPage();
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) refusedByCsp.push(message.text());
      });
    });
    afterAll(() => context.close());

    it('streams events and echoes a message through the BFF', async () => {
      await logIn(page, stack, '/live');
      await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
      // One event a second: three arrive within a few seconds, newest first.
      await expect
        .poll(() => page.getByTestId('live-event').count(), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('events-status').innerText()).toContain('Live');
      const first = await page.getByTestId('live-event').first().innerText();
      expect(first).toMatch(/^#\d+/);
      expect(first).toContain('for alice');

      expect(refusedByCsp).toEqual([]);
      await expectVisible(page, 'echo-status');
      await expect.poll(() => page.getByTestId('echo-status').innerText()).toBe('Connected');
      await page.getByLabel('Message').fill('hello through the BFF');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => page.getByTestId('echo-echo').first().innerText(), { timeout: 5000 })
        .toContain('hello through the BFF');
      await screenshot(page, 'live-desktop');
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'live-phone');
      await page.setViewportSize(viewports.desktop);
    });

    it('says the session ended, within seconds, when it is ended elsewhere, and closes both', async () => {
      const before = await readLive(page);
      expect(before.sources.filter((state) => state === 1)).toHaveLength(1);
      expect(before.sockets.filter((state) => state === 1)).toHaveLength(1);

      // Another page of the same browser (not the SPA, so no cross-tab message) ends every
      // session of the user: only the BFF can tell the Live page.
      const other = await context.newPage();
      await other.goto(`${stack.bffUrl}/healthz`);
      const status = await other.evaluate(
        async () =>
          (
            await fetch('/bff/logout', {
              method: 'POST',
              headers: { 'x-csrf': '1', 'content-type': 'application/json' },
              body: JSON.stringify({ everywhere: true }),
            })
          ).status,
      );
      expect(status).toBe(200);
      const endedAt = Date.now();

      await expect
        .poll(
          async () =>
            (await page.getByTestId('session-ended').isVisible()) ||
            (await page.getByTestId('live-ended').isVisible()),
          { timeout: 8000 },
        )
        .toBe(true);
      expect(Date.now() - endedAt).toBeLessThan(8000);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(
        /session (has )?ended/i,
      );

      const after = await readLive(page);
      expect(after.sources.every((state) => state === 2)).toBe(true); // EventSource.CLOSED
      expect(after.sockets.every((state) => state === 3)).toBe(true); // WebSocket.CLOSED
      expect(after.closeCodes).toContain(4401);
      expect(await bffUserStatus(page)).toBe(401);

      // Nothing reopens: a few seconds later there is still nothing open.
      await page.waitForTimeout(3500);
      const later = await readLive(page);
      expect(later.sources.every((state) => state === 2)).toBe(true);
      expect(later.sockets.every((state) => state === 3)).toBe(true);
      await screenshot(page, 'live-ended-desktop');
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'live-ended-phone');
      await other.close();
    });
  });

  it('sends a visitor without a session to log in first', async () => {
    const context = await chromium.browser.newContext({ viewport: viewports.desktop });
    const page = await context.newPage();
    await page.goto(`${stack.bffUrl}/live`);
    await page.waitForURL((url) => url.origin === stack.idp.issuer, { timeout: 15_000 });
    expect(await page.locator('input[name="login"]').count()).toBe(1);
    await context.close();
  });
}, liveRoutes);
