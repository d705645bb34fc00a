import { describe, expect, it } from 'vitest';
import { createDpopReplayCache } from './dpop-replay-cache.ts';

describe('createDpopReplayCache', () => {
  it('answers new once, then replayed until the entry expires, then new again', () => {
    let now = 1_000_000;
    const cache = createDpopReplayCache({ now: () => now });
    expect(cache.remember('k:j', now + 61_000)).toBe('new');
    expect(cache.remember('k:j', now + 61_000)).toBe('replayed');
    now += 60_999;
    expect(cache.remember('k:j', now + 61_000)).toBe('replayed');
    now += 2;
    expect(cache.remember('k:j', now + 61_000)).toBe('new');
  });

  it('is bounded: at the cap it refuses new ids rather than forget held ones', () => {
    let now = 0;
    const cache = createDpopReplayCache({ maxEntries: 2, now: () => now });
    expect(cache.remember('a', 10_000)).toBe('new');
    expect(cache.remember('b', 20_000)).toBe('new');
    expect(cache.remember('c', 20_000)).toBe('full');
    expect(cache.remember('a', 10_000)).toBe('replayed');
    expect(cache.size).toBe(2);
    now = 10_000;
    // a expired: its room is free again.
    expect(cache.remember('c', 30_000)).toBe('new');
    expect(cache.size).toBe(2);
  });

  it('drops expired entries as time passes', () => {
    let now = 0;
    const cache = createDpopReplayCache({ now: () => now });
    for (let i = 0; i < 100; i++) cache.remember(`j${i}`, 5_000);
    now = 6_000;
    cache.remember('later', 70_000);
    expect(cache.size).toBe(1);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => createDpopReplayCache({ maxEntries: 0 })).toThrow(TypeError);
  });
});
