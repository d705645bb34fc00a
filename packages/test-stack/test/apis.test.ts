// More sample APIs in one stack: their URLs by name, `{api:<name>}` upstreams, and the IdP
// serving their audiences as resource indicators.
import { bffClient } from '@cloakroom/idp';
import { clientCredentials } from '@cloakroom/idp/testing';
import { describe, expect, it } from 'vitest';
import { startStack } from '../src/index.ts';
import { useStack } from '../src/use-stack.ts';

const BILLING = 'urn:cloakroom:billing';
const REPORTS = 'https://reports.example/api';

describe('a library stack with apis', () => {
  const stack = useStack({
    apis: [
      { name: 'billing', audience: BILLING },
      { name: 'legacy', audience: 'legacy-api' },
    ],
    idpResources: [REPORTS],
    bffOptions: {
      routes: [
        { path: '/api', upstream: '{api}' },
        { path: '/api/billing', upstream: '{api:billing}' },
      ],
    },
  });

  it('starts each API and names every one in apiUrls, the default as api', () => {
    expect(Object.keys(stack.apiUrls).toSorted()).toEqual(['api', 'billing', 'legacy']);
    expect(stack.apiUrls.api).toBe(stack.apiUrl);
    expect(new Set(Object.values(stack.apiUrls)).size).toBe(3);
  });

  it('gives the IdP the audiences that are absolute URIs, and idpResources, as resources', async () => {
    const client = bffClient(stack.bffUrl);
    for (const resource of [BILLING, REPORTS]) {
      expect((await clientCredentials(stack.idp, { resource }, client)).status).toBe(200);
    }
    const legacy = await clientCredentials(stack.idp, { resource: 'legacy-api' }, client);
    expect(legacy.status).toBe(400);

    // The billing API accepts the IdP's token for its audience.
    const response = await clientCredentials(stack.idp, { resource: BILLING }, client);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const me = await fetch(`${stack.apiUrls.billing}/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({ aud: BILLING, sub: 'cloakroom-bff' });
  });

  it('sends a route whose upstream says {api:billing} to the billing API', async () => {
    const browser = await stack.login();
    const api = await stack.call(browser, '/api/me');
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ aud: 'api', sub: 'alice' });
    // The session's token is the default API's: the billing API itself refuses it by audience.
    const billing = await stack.call(browser, '/api/billing/me');
    expect(billing.status).toBe(401);
    expect(await billing.json()).toMatchObject({
      error: 'invalid_token',
      message: expect.stringMatching(/"aud"/),
    });
  });
});

describe('startStack with apis', () => {
  it('refuses an API name given twice, or the name of the default one', async () => {
    await expect(startStack({ apis: [{ name: 'api', audience: BILLING }] })).rejects.toThrow(
      /"api" is taken/,
    );
    await expect(
      startStack({
        apis: [
          { name: 'billing', audience: BILLING },
          { name: 'billing', audience: REPORTS },
        ],
      }),
    ).rejects.toThrow(/"billing" is taken/);
  });

  it('refuses a route naming an API it did not start', async () => {
    await expect(
      startStack({ bffOptions: { routes: [{ path: '/api', upstream: '{api:billing}' }] } }),
    ).rejects.toThrow(/no API named "billing"/);
  });

  it.each(['server', 'process'] as const)(
    'in %s mode, starts with routes for BFF_ROUTES and keeps /api working',
    async (mode) => {
      const stack = await startStack({
        mode,
        apis: [{ name: 'billing', audience: BILLING }],
        routes: [
          { path: '/api', upstream: '{api}', token: 'user' },
          { path: '/api/billing', upstream: '{api:billing}', token: 'user', resource: BILLING },
        ],
      });
      try {
        expect(stack.apiUrls.billing).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/));
        const response = await stack.call(await stack.login(), '/api/me');
        expect(response.status).toBe(200);
      } finally {
        await stack.close();
      }
    },
  );
});
