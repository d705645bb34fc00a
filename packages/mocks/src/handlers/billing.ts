import { http, HttpResponse } from 'msw';
import { bffErrorResponse } from '../errors.ts';
import { mockApiIdentity } from '../mock-tokens.ts';
import { proxyGuard } from '../proxy-guard.ts';
import { currentScenario } from '../scenario.ts';

/** In `billing-down` the BFF cannot reach the billing API, on either of its routes. */
function billingDown(): Response | undefined {
  return currentScenario() === 'billing-down'
    ? bffErrorResponse('upstream_unavailable')
    : undefined;
}

/**
 * The second sample API (audience `urn:cloakroom:billing`) behind the BFF's two routes to it:
 * `/api/billing` with alice's RFC 8707 token for that API, and `/api/billing-service` with the
 * BFF's own client-credentials token.
 *
 * @example
 * ```ts
 * const worker = setupWorker(...billingHandlers);
 * ```
 */
export const billingHandlers = [
  http.get('/api/billing/me', async ({ request }) => {
    return (
      (await proxyGuard(request)) ?? billingDown() ?? HttpResponse.json(mockApiIdentity('billing'))
    );
  }),

  http.get('/api/billing-service/me', async ({ request }) => {
    return (
      (await proxyGuard(request, 'client')) ??
      billingDown() ??
      HttpResponse.json(mockApiIdentity('client'))
    );
  }),
];
