import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { rateLimit } from './rate-limit.ts';

/** Runs the limiter for `ip`; true when the request passed. */
async function pass(limit: ReturnType<typeof rateLimit>, ip: string): Promise<boolean> {
  try {
    await limit({ ip } as Context, async () => {});
    return true;
  } catch (error) {
    if (error instanceof BffError && error.code === 'rate_limited') return false;
    throw error;
  }
}

describe('rateLimit', () => {
  it('refuses an address over its limit within the minute', async () => {
    const limit = rateLimit({ perMinute: 2, now: () => 0 });
    expect([await pass(limit, 'a'), await pass(limit, 'a'), await pass(limit, 'a')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(await pass(limit, 'b')).toBe(true);
  });

  it('keeps at most maxClients addresses, dropping the oldest window first', async () => {
    const limit = rateLimit({ perMinute: 1, now: () => 0, maxClients: 2 });
    expect(await pass(limit, 'a')).toBe(true);
    expect(await pass(limit, 'a')).toBe(false);
    expect(await pass(limit, 'b')).toBe(true);
    // A third address: the map is full, so a's window (the oldest) goes.
    expect(await pass(limit, 'c')).toBe(true);
    expect(await pass(limit, 'a')).toBe(true);
    // b was the oldest left when a came back; c is still counted.
    expect(await pass(limit, 'c')).toBe(false);
  });
});
