import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stubSpa, useStack } from '@cloakroom/test-stack';
import {
  canRunRedis,
  requireDebianPackage,
  sessionCookie,
  startRedisServer,
  type RedisServer,
} from '@cloakroom/testkit';

// The known bug of the peers, across resources: one session, one rotating refresh token, two
// APIs whose tokens have both expired, and a page that fires 200 calls at both at once through
// three BFF processes behind nginx on one Redis. Every refresh of the session must wait for the
// one before, whatever the resource, or the IdP's reuse detection revokes the whole grant.

const billing = 'urn:cloakroom:billing';
// Renewed when less than min(30 s, half the lifetime) remains: a 10 s token is fresh for 5 s.
const accessTokenTtlSeconds = 10;
const freshForMs = (accessTokenTtlSeconds / 2) * 1000;

const needs = 'the multi-resource refresh storm (3 BFF processes, nginx, Redis)';
const canRun = [canRunRedis(needs), requireDebianPackage('nginx', needs)].every(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!canRun)('a refresh storm over two resources, three instances, one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const stack = useStack(() => ({
    mode: 'process',
    instances: 3,
    nginx: true,
    store: redis.url,
    env: { SESSION_SECRET: 'storm-test-secret-0123456789abcdef' },
    spa: stubSpa,
    accessTokenTtlSeconds,
    apis: [{ name: 'billing', audience: billing }],
    routes: [
      { path: '/api', upstream: '{api}', token: 'user' },
      {
        path: '/api/billing',
        upstream: '{api:billing}',
        token: 'user',
        resource: billing,
        scope: 'billing',
      },
    ],
  }));

  const call = async (cookie: string, path: string) => {
    const response = await fetch(`${stack.bffUrl}${path}`, { headers: { cookie, 'x-csrf': '1' } });
    const body = await response.text();
    return { status: response.status, body };
  };

  it('answers all 200 calls, keeps the session, and sends the IdP one refresh per resource', async () => {
    const browser = await stack.login();
    const cookie = sessionCookie(browser);
    // Both tokens obtained, then left to go stale.
    expect((await call(cookie, '/api/me')).status).toBe(200);
    expect((await call(cookie, '/api/billing/me')).status).toBe(200);
    await sleep(freshForMs + 1_000);

    const grants = () => stack.idp.stats.grants.refresh_token ?? 0;
    const before = { grants: grants(), reuse: stack.idp.stats.grantErrors.invalid_grant ?? 0 };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(cookie, i % 2 ? '/api/billing/me' : '/api/me')),
    );
    const statuses: Record<number, number> = {};
    for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
    expect(statuses).toEqual({ 200: 200 });
    // The fewest possible: one grant gives one access token, and two were stale.
    expect(grants() - before.grants).toBe(2);
    expect((stack.idp.stats.grantErrors.invalid_grant ?? 0) - before.reuse).toBe(0);
    const audiences = new Set(results.map(({ body }) => (JSON.parse(body) as { aud: string }).aud));
    expect(audiences).toEqual(new Set(['api', billing]));
    expect((await call(cookie, '/bff/user')).status).toBe(200);
  });
});
