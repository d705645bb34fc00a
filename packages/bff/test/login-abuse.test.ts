import { describe, expect, it } from 'vitest';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

const stack = useStack({ bffOptions: { loginRateLimitPerMinute: 5 } });

describe('login abuse', () => {
  it.each(['iframe', 'image', 'empty', 'script'])(
    'refuses to start a login from a %s request (only top-level navigations)',
    async (dest) => {
      const response = await fetch(`${stack.bffUrl}/bff/login`, {
        redirect: 'manual',
        headers: { 'sec-fetch-dest': dest, 'x-forwarded-for': `10.0.0.${dest.length}` },
      });
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    },
  );

  it('rate-limits logins per client address with 429 and Retry-After', async () => {
    const responses: Response[] = [];
    for (let i = 0; i < 7; i += 1) {
      responses.push(
        await fetch(`${stack.bffUrl}/bff/login`, {
          redirect: 'manual',
          headers: { 'sec-fetch-dest': 'document' },
        }),
      );
    }
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(5);
    const limited = responses.at(-1)!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await readJson(limited)).toMatchObject({ error: 'rate_limited' });
  });
});
