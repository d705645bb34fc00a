import { describe, expect, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { createMetrics, statusClass } from './metrics.ts';
import { observeGrants } from './observe-grants.ts';

/** Stands in for the OIDC client: each grant answers, or fails with the BFF's error. */
function fakeOidc(failRefresh: boolean) {
  return {
    exchangeCode: async () => ({ tokens: {}, claims: {} }),
    refresh: async () => {
      if (failRefresh) throw new BffError('session_expired', 'The refresh token was refused.');
      return {};
    },
    clientCredentials: async () => ({}),
  } as unknown as OidcClient;
}

describe('observeGrants', () => {
  it('counts each grant by kind (a resource refresh as resource) and outcome', async () => {
    const metrics = createMetrics();
    const oidc = fakeOidc(false);
    observeGrants(oidc, { grants: metrics.tokenGrants });
    await oidc.exchangeCode(new URL('http://localhost/cb'), {
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
    });
    await oidc.refresh({ accessToken: 'a' } as never);
    await oidc.refresh({ accessToken: 'a' } as never, { resource: 'urn:billing' });
    await oidc.clientCredentials({ resource: 'urn:reports' });
    const text = await metrics.registry.metrics();
    for (const kind of ['authorization_code', 'refresh', 'resource', 'client_credentials']) {
      expect(text).toContain(`cloakroom_token_grants_total{kind="${kind}",outcome="success"} 1`);
    }
    expect(text).not.toContain('urn:');
  });

  it('counts a failed grant by its error code and rethrows it', async () => {
    const metrics = createMetrics();
    const oidc = fakeOidc(true);
    observeGrants(oidc, { grants: metrics.tokenGrants });
    await expect(oidc.refresh({ accessToken: 'a' } as never)).rejects.toMatchObject({
      code: 'session_expired',
    });
    expect(await metrics.registry.metrics()).toContain(
      'cloakroom_token_grants_total{kind="refresh",outcome="session_expired"} 1',
    );
  });
});

describe('statusClass', () => {
  it('buckets a status into its class, never the raw code', () => {
    expect([200, 204, 302, 404, 502, 99, 600].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'other',
      'other',
    ]);
  });
});
