import { describe, expect, it } from 'vitest';
import type { SessionRecord, SessionStore } from './session-store.ts';

/** A store factory the contract suite can drive with its own clock. */
export type StoreFactory = (clock: { now: () => number }) => Promise<SessionStore> | SessionStore;

/**
 * The behaviour every adapter must show, run against each of them (memory, SQLite, Redis).
 * Exported so third-party adapters can prove themselves with the same suite.
 *
 * @example
 * describeSessionStoreContract('memory', ({ now }) => createMemoryStore({ now }));
 */
export function describeSessionStoreContract(name: string, factory: StoreFactory): void {
  describe(`session store contract: ${name}`, () => {
    const setup = async () => {
      let t = 1_000_000;
      const clock = { now: () => t };
      const store = await factory(clock);
      return { store, advance: (ms: number) => (t += ms), now: clock.now };
    };
    const record = (over: Partial<SessionRecord> = {}, now = 1_000_000): SessionRecord => ({
      data: 'sealed-data',
      sub: 'alice',
      sid: 'sid-1',
      expiresAt: now + 60_000,
      ...over,
    });

    it('returns undefined for a key it never saw', async () => {
      const { store } = await setup();
      expect(await store.get('missing')).toBeUndefined();
      await store.close();
    });

    it('stores a record and reads it back with version 1', async () => {
      const { store } = await setup();
      expect(await store.set('k1', record())).toBe(1);
      expect(await store.get('k1')).toEqual({ ...record(), version: 1 });
      await store.close();
    });

    it('keeps a record without sid', async () => {
      const { store } = await setup();
      await store.set('k1', record({ sid: undefined }));
      const got = await store.get('k1');
      expect(got?.sid).toBeUndefined();
      expect(got?.sub).toBe('alice');
      await store.close();
    });

    it('increments the version on every overwrite', async () => {
      const { store } = await setup();
      await store.set('k1', record());
      expect(await store.set('k1', record({ data: 'v2' }))).toBe(2);
      expect((await store.get('k1'))?.data).toBe('v2');
      await store.close();
    });

    it('hides a record once it has expired', async () => {
      const { store, advance } = await setup();
      await store.set('k1', record());
      advance(60_001);
      expect(await store.get('k1')).toBeUndefined();
      await store.close();
    });

    it('replaces a record only at the version that was read (compare-and-set)', async () => {
      const { store } = await setup();
      await store.set('k1', record());
      expect(await store.replace('k1', record({ data: 'winner' }), 1)).toBe(true);
      expect(await store.replace('k1', record({ data: 'stale writer' }), 1)).toBe(false);
      expect(await store.get('k1')).toMatchObject({ data: 'winner', version: 2 });
      await store.close();
    });

    it('never resurrects a destroyed record through replace', async () => {
      const { store } = await setup();
      await store.set('k1', record());
      await store.destroy('k1');
      expect(await store.replace('k1', record({ data: 'late refresh' }), 1)).toBe(false);
      expect(await store.get('k1')).toBeUndefined();
      await store.close();
    });

    it('does not replace an expired record', async () => {
      const { store, advance } = await setup();
      await store.set('k1', record());
      advance(60_001);
      expect(await store.replace('k1', record({ expiresAt: 2_000_000 }), 1)).toBe(false);
      await store.close();
    });

    it('destroys a record and tolerates destroying it again', async () => {
      const { store } = await setup();
      await store.set('k1', record());
      await store.destroy('k1');
      await store.destroy('k1');
      expect(await store.get('k1')).toBeUndefined();
      await store.close();
    });

    it('destroys every record of one IdP session id, and only those', async () => {
      const { store } = await setup();
      await store.set('a1', record({ sid: 'S1' }));
      await store.set('a2', record({ sid: 'S1' }));
      await store.set('b1', record({ sid: 'S2', sub: 'bob' }));
      expect(await store.destroyBySid('S1')).toBe(2);
      expect(await store.get('a1')).toBeUndefined();
      expect(await store.get('a2')).toBeUndefined();
      expect(await store.get('b1')).toBeDefined();
      await store.close();
    });

    it('destroys every record of one subject, and only those', async () => {
      const { store } = await setup();
      await store.set('a1', record({ sid: 'S1' }));
      await store.set('a2', record({ sid: undefined }));
      await store.set('b1', record({ sid: 'S2', sub: 'bob' }));
      expect(await store.destroyBySub('alice')).toBe(2);
      expect(await store.get('b1')).toBeDefined();
      expect(await store.destroyBySub('nobody')).toBe(0);
      await store.close();
    });

    const listed = async (store: SessionStore, sub: string) =>
      (await store.listBySub(sub))
        .map(({ key, record: stored }) => ({ key, ...stored }))
        .toSorted((a, b) => a.key.localeCompare(b.key));

    it('lists every live record of one subject with its key, and only those', async () => {
      const { store } = await setup();
      await store.set('a1', record({ sid: 'S1' }));
      await store.set('a2', record({ sid: undefined, data: 'second' }));
      await store.set('b1', record({ sid: 'S2', sub: 'bob' }));
      expect(await listed(store, 'alice')).toEqual([
        { key: 'a1', ...record({ sid: 'S1' }), version: 1 },
        { key: 'a2', ...record({ sid: undefined, data: 'second' }), version: 1 },
      ]);
      expect(await listed(store, 'bob')).toEqual([
        { key: 'b1', ...record({ sid: 'S2', sub: 'bob' }), version: 1 },
      ]);
      expect(await store.listBySub('nobody')).toEqual([]);
      await store.close();
    });

    it('lists the newest version of a record after replace and overwrite', async () => {
      const { store } = await setup();
      await store.set('a1', record());
      await store.replace('a1', record({ data: 'refreshed' }), 1);
      expect(await listed(store, 'alice')).toEqual([
        { key: 'a1', ...record({ data: 'refreshed' }), version: 2 },
      ]);
      await store.close();
    });

    it('leaves destroyed records out of the list, whichever way they were destroyed', async () => {
      const { store } = await setup();
      await store.set('a1', record({ sid: 'S1' }));
      await store.set('a2', record({ sid: 'S2' }));
      await store.set('a3', record({ sid: 'S3' }));
      await store.destroy('a1');
      await store.destroyBySid('S2');
      expect((await listed(store, 'alice')).map((r) => r.key)).toEqual(['a3']);
      await store.destroyBySub('alice');
      expect(await store.listBySub('alice')).toEqual([]);
      await store.close();
    });

    it('leaves expired records out of the list, and keeps the live ones', async () => {
      const { store, advance, now } = await setup();
      await store.set('short', record({ expiresAt: now() + 1_000 }));
      await store.set('long', record({ expiresAt: now() + 60_000 }));
      advance(1_001);
      expect((await listed(store, 'alice')).map((r) => r.key)).toEqual(['long']);
      advance(60_000);
      expect(await store.listBySub('alice')).toEqual([]);
      await store.close();
    });

    it('moves a record between subjects’ lists when it is rewritten for another subject', async () => {
      const { store } = await setup();
      await store.set('k1', record());
      await store.set('k1', record({ sub: 'bob' }));
      expect(await store.listBySub('alice')).toEqual([]);
      expect((await listed(store, 'bob')).map((r) => r.key)).toEqual(['k1']);
      await store.close();
    });

    it('remembers a marker once until it expires (replay detection)', async () => {
      const { store, advance } = await setup();
      expect(await store.rememberOnce('jti-1', 10_000)).toBe(true);
      expect(await store.rememberOnce('jti-1', 10_000)).toBe(false);
      expect(await store.rememberOnce('jti-2', 10_000)).toBe(true);
      advance(10_001);
      expect(await store.rememberOnce('jti-1', 10_000)).toBe(true);
      await store.close();
    });

    it('answers ping while open', async () => {
      const { store } = await setup();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
    });
  });
}
