import { errorBody } from '@cloakroom/contract';
import { useScenario } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { CloakroomProvider } from '@cloakroom/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test } from 'vitest';
import { ApisPage } from './apis-page.tsx';

function renderPage() {
  return render(
    <CloakroomProvider>
      <ApisPage />
    </CloakroomProvider>,
  );
}

/** The card of `route`, once it is no longer loading. */
async function settledCard(route: string): Promise<HTMLElement> {
  const card = await screen.findByRole('region', { name: route });
  await waitFor(() => expect(card.dataset['status']).not.toBe('loading'));
  return card;
}

/** How many `/me` calls reach the mock BFF, by path, from now on. */
function countMeCalls(): Map<string, number> {
  const counts = new Map<string, number>();
  server.events.on('request:start', ({ request }) => {
    const { pathname } = new URL(request.url);
    if (pathname.endsWith('/me')) counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
  });
  return counts;
}

afterEach(() => server.events.removeAllListeners());

describe('the APIs page', () => {
  test('shows one card per route with what each API received, and the conclusion', async () => {
    renderPage();
    const cards = await Promise.all(
      ['/api', '/api/billing', '/api/billing-service'].map(settledCard),
    );
    const read = (card: HTMLElement, testId: string) =>
      within(card).getByTestId(testId).textContent;
    expect(cards.map((card) => read(card, 'identity-sub'))).toEqual([
      'alice (you)',
      'alice (you)',
      'cloakroom-bff (the BFF’s own client)',
    ]);
    expect(cards.map((card) => read(card, 'identity-aud'))).toEqual([
      'api',
      'urn:cloakroom:billing',
      'urn:cloakroom:billing',
    ]);
    expect(new Set(cards.map((card) => read(card, 'identity-fingerprint'))).size).toBe(3);
    expect(within(cards[1]!).getByText(/your token for the billing API \(RFC 8707\)/)).toBeTruthy();
    expect(within(cards[2]!).getByText(/the BFF’s own client token/)).toBeTruthy();
    expect(within(cards[0]!).getByText(/^in \d+ minutes?$/)).toBeTruthy();

    expect((await screen.findByTestId('apis-summary')).textContent).toBe(
      '3 calls, 3 different tokens (3 fingerprints), 2 audiences — and your browser sent only its session cookie.',
    );
    expect(screen.getByTestId('apis-subjects').textContent).toBe(
      'The APIs saw these subjects: alice (you) on 2 calls, cloakroom-bff (the BFF itself) on 1 call.',
    );
    expect(screen.getByTestId('apis-browser-verdict').textContent).toMatch(
      /^No token is visible to this page/,
    );
  });

  test('a failing API shows its message and code on its card; the other cards still render', async () => {
    useScenario('billing-down');
    renderPage();
    for (const route of ['/api/billing', '/api/billing-service']) {
      const card = await settledCard(route);
      expect(within(card).getByRole('alert').textContent).toContain('The call failed');
      expect(within(card).getByRole('alert').textContent).toContain('The API cannot be reached.');
      expect(within(card).getByTestId('api-card-error-code').textContent).toBe(
        '502 upstream_unavailable',
      );
      expect(within(card).getByRole('button', { name: `Retry ${route}` })).toBeTruthy();
    }
    const api = await settledCard('/api');
    expect(within(api).getByTestId('identity-aud').textContent).toBe('api');
    expect(within(api).queryByRole('alert')).toBeNull();
    expect((await screen.findByTestId('apis-summary')).textContent).toMatch(
      /^1 of 3 calls answered: one token \(1 fingerprint\), 1 audience/,
    );
  });

  test('Retry calls that route again, and only that one, keeping focus on its card', async () => {
    server.use(
      http.get(
        '/api/billing/me',
        () => HttpResponse.json(errorBody('idp_unavailable'), { status: 503 }),
        {
          once: true,
        },
      ),
    );
    renderPage();
    const billing = await settledCard('/api/billing');
    expect(within(billing).getByTestId('api-card-error-code').textContent).toBe(
      '503 idp_unavailable',
    );
    await settledCard('/api');
    await settledCard('/api/billing-service');
    const calls = countMeCalls();

    fireEvent.click(within(billing).getByRole('button', { name: 'Retry /api/billing' }));

    await waitFor(() =>
      expect(within(billing).getByTestId('identity-aud').textContent).toBe('urn:cloakroom:billing'),
    );
    expect(within(billing).queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(within(billing).getByRole('heading', { level: 2 }));
    expect(Object.fromEntries(calls)).toEqual({ '/api/billing/me': 1 });
    expect((await screen.findByTestId('apis-summary')).textContent).toMatch(
      /^3 calls, 3 different/,
    );
  });

  test('Call again calls all three routes again and shows the new answers', async () => {
    renderPage();
    const billing = await settledCard('/api/billing');
    await settledCard('/api');
    await settledCard('/api/billing-service');
    const before = within(billing).getByTestId('identity-fingerprint').textContent;
    server.use(
      http.get('/api/billing/me', () =>
        HttpResponse.json({
          sub: 'alice',
          scope: 'billing',
          aud: 'urn:cloakroom:billing',
          clientId: 'cloakroom-bff',
          tokenFingerprint: '0123456789ab',
          tokenExpiresAt: Math.floor(Date.now() / 1000) + 300,
        }),
      ),
    );
    const calls = countMeCalls();

    fireEvent.click(screen.getByRole('button', { name: 'Call again' }));

    await waitFor(() =>
      expect(within(billing).getByTestId('identity-fingerprint').textContent).toBe('0123456789ab'),
    );
    expect(before).not.toBe('0123456789ab');
    await waitFor(() =>
      expect(Object.fromEntries(calls)).toEqual({
        '/api/me': 1,
        '/api/billing/me': 1,
        '/api/billing-service/me': 1,
      }),
    );
  });
});

describe('the APIs page, given an answer without the ApiIdentity fields', () => {
  test('shows "(not given)" for what an older API leaves out, and the other cards as usual', async () => {
    server.use(http.get('/api/me', () => HttpResponse.json({ sub: 'alice', scope: 'openid' })));
    renderPage();
    const api = await settledCard('/api');
    expect(within(api).getByTestId('identity-sub').textContent).toBe('alice (you)');
    expect(within(api).getByTestId('identity-aud').textContent).toBe('(not given)');
    expect(within(api).getByTestId('identity-fingerprint').textContent).toBe('(not given)');
    const billing = await settledCard('/api/billing');
    expect(within(billing).getByTestId('identity-aud').textContent).toBe('urn:cloakroom:billing');
  });
});
