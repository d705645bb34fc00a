import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { discoverTenantIssuer, tenantTemplateFor } from './tenant-issuer.ts';

const configured = new URL('https://login.example/organizations/v2.0');

/** A discovery that answers the template first, then whatever `second` names. */
function discovery(second: string) {
  let calls = 0;
  const mismatch = new client.ClientError('issuer mismatch', {
    code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
    cause: { attribute: 'issuer', body: { issuer: 'https://login.example/{tenantid}/v2.0' } },
  } as ErrorOptions);
  return async (server: URL) => {
    calls += 1;
    if (calls === 1) throw mismatch;
    expect(server.origin).toBe('https://login.microsoftonline.com');
    return new client.Configuration({ issuer: second }, 'bff');
  };
}

describe('tenant issuer templates (Entra multi-tenant)', () => {
  it('accepts a template on the configured origin only', () => {
    expect(tenantTemplateFor(configured, 'https://login.example/{tenantid}/v2.0')).toBeDefined();
    expect(tenantTemplateFor(configured, 'https://evil.example/{tenantid}/v2.0')).toBeUndefined();
    expect(
      tenantTemplateFor(configured, 'https://login.example/{tenantid}/{tenantid}'),
    ).toBeUndefined();
    expect(tenantTemplateFor(configured, 'https://login.example/other')).toBeUndefined();
  });

  it('takes the second discovery only when it names the same template', async () => {
    const accepted = await discoverTenantIssuer(
      configured,
      discovery('https://login.example/{tenantid}/v2.0'),
    );
    expect(accepted.serverMetadata().issuer).toBe('https://login.example/{tenantid}/v2.0');
    await expect(
      discoverTenantIssuer(configured, discovery('https://login.example/other')),
    ).rejects.toThrow('issuer mismatch');
  });
});
