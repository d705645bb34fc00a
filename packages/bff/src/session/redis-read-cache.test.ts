import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunRedis, startRedisServer, type RedisServer } from '@cloakroom/testkit';
import { createRedisStore, type RedisSessionStore } from './redis-store.ts';
import type { SessionRecord } from './session-store.ts';

/** The proxy's per-request read, which the cache may answer. */
const cached = { cached: true };

const record = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  data: 'sealed-v1',
  sub: 'alice',
  sid: 'sid-1',
  expiresAt: Date.now() + 60_000,
  ...over,
});

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
};

// Two stores on one redis-server stand for two BFF instances; `admin` counts their commands.
describe.skipIf(!canRunRedis('the Redis read cache tests'))(
  'the Redis store read cache across two instances',
  () => {
    let redis: RedisServer;
    let admin: Redis;
    const stores: RedisSessionStore[] = [];
    beforeAll(async () => {
      redis = await startRedisServer();
      admin = new Redis(redis.url);
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      admin?.disconnect();
      await redis?.stop();
    });
    /** Two instances sharing a key prefix, both with tracking armed. */
    const twoInstances = async (ttlMs = 60_000) => {
      const prefix = `t:${randomUUID()}:`;
      const open = () => {
        const store = createRedisStore({ url: redis.url, prefix, readCache: { ttlMs } });
        stores.push(store);
        return store;
      };
      const a = open();
      const b = open();
      await a.ping();
      await b.ping();
      expect(await waitFor(() => !!a.readCache?.armed && !!b.readCache?.armed)).toBe(true);
      return { a, b };
    };
    const hmgets = async () => {
      const stats = await admin.info('commandstats');
      return Number(/^cmdstat_hmget:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
    };

    it('serves a hot session without a Redis round trip', async () => {
      const { a } = await twoInstances();
      await a.set('k', record());
      await a.get('k', cached);
      const before = await hmgets();
      for (let i = 0; i < 50; i += 1) expect((await a.get('k', cached))?.data).toBe('sealed-v1');
      expect(await hmgets()).toBe(before);
    });

    it('stops serving a session destroyed on the other instance once the invalidation arrives', async () => {
      const { a, b } = await twoInstances();
      await a.set('k', record());
      expect((await a.get('k', cached))?.data).toBe('sealed-v1');
      await b.destroy('k');
      expect(await waitFor(async () => (await a.get('k', cached)) === undefined, 500)).toBe(true);
    });

    it('serves the replacement written on the other instance, not the cached record', async () => {
      const { a, b } = await twoInstances();
      await b.set('k', record());
      const read = await a.get('k', cached);
      expect(read?.data).toBe('sealed-v1');
      expect(await b.replace('k', record({ data: 'sealed-v2' }), read!.version)).toBe(true);
      expect(await waitFor(async () => (await a.get('k', cached))?.data === 'sealed-v2', 500)).toBe(
        true,
      );
      expect((await a.get('k', cached))?.version).toBe(2);
    });

    it('never answers a read that omits cached (a refresh under its lock) from the cache', async () => {
      const { a, b } = await twoInstances();
      await b.set('k', record());
      await a.get('k', cached);
      const current = (await b.get('k'))!;
      await b.replace('k', record({ data: 'sealed-v2' }), current.version);
      // At once, without waiting for Redis's invalidation: this read decides a refresh.
      expect((await a.get('k'))?.data).toBe('sealed-v2');
    });

    it('drops cached sessions ended by a log-out-everywhere on the other instance', async () => {
      const { a, b } = await twoInstances();
      await a.set('k1', record());
      await a.set('k2', record({ sid: 'sid-2' }));
      await a.get('k1', cached);
      await a.get('k2', cached);
      expect(await b.destroyBySub('alice')).toBe(2);
      expect(
        await waitFor(
          async () => !(await a.get('k1', cached)) && !(await a.get('k2', cached)),
          500,
        ),
      ).toBe(true);
    });

    it("reads its own instance's writes at once, without waiting for Redis", async () => {
      const { a } = await twoInstances();
      await a.set('k', record());
      await a.get('k', cached);
      await a.set('k', record({ data: 'sealed-v2' }));
      expect((await a.get('k', cached))?.data).toBe('sealed-v2');
      await a.destroyBySid('sid-1');
      expect(await a.get('k', cached)).toBeUndefined();
    });

    it('bypasses the cache while its invalidation connection is down', async () => {
      const { a, b } = await twoInstances();
      await a.set('k', record());
      await a.get('k', cached);
      // No reconnect: invalidations cannot reach `a` any more.
      a.readCache!.subscriber.disconnect(false);
      expect(await waitFor(() => a.readCache!.armed === false)).toBe(true);
      await b.set('k', record({ data: 'sealed-v2' }));
      // Read at once: no invalidation can have arrived, only a read from Redis is right.
      expect((await a.get('k', cached))?.data).toBe('sealed-v2');
      const before = await hmgets();
      await a.get('k', cached);
      await a.get('k', cached);
      expect(await hmgets()).toBe(before + 2);
    });

    it('re-arms after Redis drops the invalidation connection, and invalidates again', async () => {
      const { a, b } = await twoInstances();
      await a.set('k', record());
      await a.get('k', cached);
      const listed = await admin.client('LIST');
      const id = /id=(\d+) [^\n]*name=cloakroom-invalidations/g;
      // Kill every invalidation connection (both instances'): each must re-arm by itself.
      for (const [, client] of String(listed).matchAll(id))
        await admin.client('KILL', 'ID', client!);
      expect(await waitFor(() => !!a.readCache?.armed && !!b.readCache?.armed)).toBe(true);
      await a.get('k', cached);
      await b.set('k', record({ data: 'sealed-v3' }));
      expect(await waitFor(async () => (await a.get('k', cached))?.data === 'sealed-v3', 500)).toBe(
        true,
      );
    });

    it('never serves a record cached before its data connection dropped', async () => {
      const { a, b } = await twoInstances();
      await a.set('k', record());
      await a.get('k', cached);
      // Redis forgets what a closed connection read, so no invalidation would come for it.
      const closed = once(a.client, 'close');
      a.client.disconnect(true);
      await closed;
      await b.set('k', record({ data: 'sealed-v4' }));
      const seen = new Set<string | undefined>();
      const ok = await waitFor(async () => {
        const data = await a.get('k', cached).then(
          (r) => r?.data,
          () => 'error',
        );
        seen.add(data);
        return data === 'sealed-v4' && !!a.readCache?.armed;
      });
      expect(ok).toBe(true);
      expect(seen.has('sealed-v1')).toBe(false);
      // Armed again: a change on the other instance reaches it.
      await a.get('k', cached);
      await b.destroy('k');
      expect(await waitFor(async () => (await a.get('k', cached)) === undefined, 500)).toBe(true);
    });
  },
);
