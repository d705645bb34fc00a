import { describe, expect, it } from 'vitest';
import { ProxyRouteSchema } from '../options.ts';
import { createRouteTable } from './route-table.ts';
import { checkRequestTarget } from './upstream-path.ts';

const timeouts = {
  connectTimeoutMs: 1_000,
  headersTimeoutMs: 1_000,
  bodyTimeoutMs: 1_000,
  connections: 1,
};
const table = createRouteTable(
  [
    { path: '/api', upstream: 'http://127.0.0.1:1/' },
    { path: '/api/billing', upstream: 'http://127.0.0.1:2/v1', token: 'client' },
    { path: '/api/billing/admin', upstream: 'http://127.0.0.1:3/', token: 'none' },
  ].map((route) => ProxyRouteSchema.parse(route)),
  timeouts,
);
const match = (raw: string) => {
  const found = table.match(checkRequestTarget(raw));
  return found && { path: found.route.path, rest: found.rest };
};

describe('route table', () => {
  it.each([
    ['/api/notes', '/api', '/notes'],
    ['/api', '/api', ''],
    ['/api/billing', '/api/billing', ''],
    ['/api/billing/', '/api/billing', '/'],
    ['/api/billing/invoices?x=1', '/api/billing', '/invoices'],
    ['/api/billing/admin/users', '/api/billing/admin', '/users'],
    ['/api/billing-service/x', '/api', '/billing-service/x'],
    ['/api/billingx', '/api', '/billingx'],
  ])(
    'routes %j to the longest prefix that ends at a segment boundary (%j, rest %j)',
    (raw, path, rest) => {
      expect(match(raw)).toEqual({ path, rest });
    },
  );

  it.each([
    ['/api/%62illing/x', '/api/billing', '/x'],
    ['/api/BILLING/x', '/api/billing', '/x'],
    ['/API/Billing/Admin', '/api/billing/admin', ''],
  ])('routes the spelling %j where its plain spelling goes (%j)', (raw, path, rest) => {
    expect(match(raw)).toEqual({ path, rest });
  });

  it.each(['/api/billing;x=1/admin', '/api;x/billing', '/api/billing/admin;jsessionid=1/users'])(
    'refuses %j: ;parameters inside the matched prefix read differently upstream',
    (raw) => {
      expect(() => match(raw)).toThrow(expect.objectContaining({ code: 'invalid_path' }));
    },
  );

  it('forwards ;parameters after the prefix untouched', () => {
    expect(match('/api/billing/invoices;v=2')).toEqual({
      path: '/api/billing',
      rest: '/invoices;v=2',
    });
  });

  it('serves nothing outside the table', () => {
    expect(match('/apis')).toBeUndefined();
    expect(match('/other/api')).toBeUndefined();
  });
});
