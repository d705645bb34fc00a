import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStoreOptions } from './memory-store.ts';
import type { SessionRecord } from './session-store.ts';

const record = (sub: string, expiresAt: number, sid?: string): SessionRecord => ({
  data: `sealed-${sub}`,
  sub,
  sid,
  expiresAt,
});

describe('the memory store bound', () => {
  const setup = (maxSessions: number) => {
    let t = 1_000_000;
    const warnings: Array<{ fields: unknown; message: string }> = [];
    const warn = (fields: unknown, message: string) => void warnings.push({ fields, message });
    const logger = { warn } as unknown as MemoryStoreOptions['logger'];
    const store = createMemoryStore({ now: () => t, maxSessions, logger });
    return { store, warnings, advance: (ms: number) => (t += ms), now: () => t };
  };

  it('never holds more sessions than its maximum, however many are written', async () => {
    const { store, now } = setup(100);
    for (let i = 0; i < 1_000; i += 1)
      await store.set(`k${i}`, record(`u${i % 7}`, now() + 60_000));
    let live = 0;
    for (let i = 0; i < 1_000; i += 1) if (await store.get(`k${i}`)) live += 1;
    expect(live).toBe(100);
    // The newest 100 are the ones kept.
    expect(await store.get('k999')).toBeDefined();
    expect(await store.get('k899')).toBeUndefined();
    await store.close();
  });

  it('evicts expired sessions before live ones, then the least recently used', async () => {
    const { store, now, advance } = setup(4);
    await store.set('old-expired', record('a', now() + 1_000));
    await store.set('used-long-ago', record('b', now() + 60_000));
    await store.set('used-recently', record('c', now() + 60_000));
    await store.set('expired-too', record('d', now() + 1_000));
    advance(2_000);
    // Reading makes `used-long-ago` the most recently used.
    await store.get('used-long-ago');
    await store.set('new-1', record('e', now() + 60_000));
    await store.set('new-2', record('f', now() + 60_000));
    // Both expired records made room; nothing live was evicted.
    expect(await store.get('used-recently')).toBeDefined();
    expect(await store.get('used-long-ago')).toBeDefined();
    // Full of live sessions: the least recently used goes (`new-1`: read least recently).
    await store.get('new-2');
    await store.set('new-3', record('g', now() + 60_000));
    expect(await store.get('new-1')).toBeUndefined();
    for (const kept of ['used-recently', 'used-long-ago', 'new-2', 'new-3'])
      expect(await store.get(kept)).toBeDefined();
    await store.close();
  });

  it('keeps listBySub in step with evictions', async () => {
    const { store, now } = setup(3);
    await store.set('a1', record('alice', now() + 60_000, 'sid-a1'));
    await store.set('a2', record('alice', now() + 60_000, 'sid-a2'));
    await store.set('b1', record('bob', now() + 60_000));
    await store.get('a2');
    await store.get('b1');
    await store.set('b2', record('bob', now() + 60_000));
    expect((await store.listBySub('alice')).map((s) => s.key)).toEqual(['a2']);
    expect((await store.listBySub('bob')).map((s) => s.key).toSorted()).toEqual(['b1', 'b2']);
    expect(await store.destroyBySid('sid-a1')).toBe(0);
    expect(await store.destroyBySub('alice')).toBe(1);
    await store.close();
  });

  it('overwriting or replacing a kept session evicts nothing', async () => {
    const { store, now, warnings } = setup(2);
    await store.set('a', record('alice', now() + 60_000));
    await store.set('b', record('bob', now() + 60_000));
    await store.set('a', record('alice', now() + 60_000));
    expect(await store.replace('b', record('bob', now() + 60_000), 1)).toBe(true);
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('b')).toMatchObject({ version: 2 });
    expect(warnings).toEqual([]);
    await store.close();
  });

  it('warns once per burst of evictions, without a session id or token', async () => {
    const { store, now, advance, warnings } = setup(10);
    for (let i = 0; i < 50; i += 1) await store.set(`k${i}`, record('alice', now() + 600_000));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields).toEqual({ maxSessions: 10, kept: 9, evicted: 1 });
    expect(JSON.stringify(warnings)).not.toMatch(/k\d|sealed/);
    advance(30_000);
    await store.set('more', record('alice', now() + 600_000));
    expect(warnings).toHaveLength(1);
    // A minute without eviction ends the burst; the next one warns, counting the silent ones.
    advance(61_000);
    await store.set('later', record('alice', now() + 600_000));
    expect(warnings).toHaveLength(2);
    expect(warnings[1]!.fields).toMatchObject({ evicted: 41 });
    await store.close();
  });

  it('refuses a maximum that is not a positive whole number', () => {
    expect(() => createMemoryStore({ maxSessions: 0 })).toThrow(TypeError);
    expect(() => createMemoryStore({ maxSessions: 1.5 })).toThrow(/maxSessions/);
  });
});
