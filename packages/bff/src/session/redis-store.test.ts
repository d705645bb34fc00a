import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisServer,
  type RedisCluster,
  type RedisServer,
} from '@cloakroom/testkit';
import { createRedisStore, type RedisSessionStore } from './redis-store.ts';
import type { SessionRecord } from './session-store.ts';

const record = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  data: 'sealed-data',
  sub: 'alice',
  sid: 'sid-1',
  expiresAt: Date.now() + 60_000,
  ...over,
});

const waitUntil = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
};

// These tests fault their own redis-server (SIGSTOP, SIGKILL), so they never use REDIS_URL.
describe.skipIf(!canRunRedis('the Redis store tests'))('createRedisStore on a real Redis', () => {
  let redis: RedisServer;
  let admin: Redis;
  const stores: RedisSessionStore[] = [];
  const open = (timeoutMs = 300) => {
    const store = createRedisStore({ url: redis.url, prefix: `t:${randomUUID()}:`, timeoutMs });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url, { lazyConnect: true });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    admin?.disconnect();
    await redis?.stop();
  });

  it('reads a session in one Redis command', async () => {
    const store = open();
    await store.set('k', record());
    await admin.config('RESETSTAT');
    expect(await store.get('k')).toMatchObject({ data: 'sealed-data', version: 1 });
    const stats = await admin.info('commandstats');
    const calls = [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)]
      // (subscribe and client: the read cache arming its invalidations, see redis-read-cache.ts)
      .filter(([, name]) => !['info', 'config', 'subscribe', 'client'].includes(name!))
      .map(([, name, count]) => `${name}=${count}`);
    expect(calls).toEqual(['hmget=1']);
  });

  it('lets the sub and sid indexes expire with the longest-lived session', async () => {
    const store = open();
    await store.set('a', record({ expiresAt: Date.now() + 30_000 }));
    await store.set('b', record({ expiresAt: Date.now() + 90_000 }));
    const ttl = (name: string) => admin.pttl(`${store.prefix}${name}`);
    expect(await ttl('s:a')).toBeGreaterThan(29_000);
    expect(await ttl('s:a')).toBeLessThanOrEqual(30_000);
    expect(await ttl('u:alice')).toBeGreaterThan(89_000);
    expect(await ttl('i:sid-1')).toBeGreaterThan(89_000);
  });

  it('removes a destroyed session from its indexes', async () => {
    const store = open();
    await store.set('a', record());
    await store.set('b', record());
    await store.destroy('a');
    expect(await admin.smembers(`${store.prefix}u:alice`)).toEqual(['b']);
    expect(await admin.smembers(`${store.prefix}i:sid-1`)).toEqual(['b']);
    expect(await store.destroyBySid('sid-1')).toBe(1);
    expect(await admin.exists(`${store.prefix}u:alice`, `${store.prefix}i:sid-1`)).toBe(0);
  });

  it('drops from the sub index, as it lists, a session whose hash Redis has expired', async () => {
    const store = open();
    await store.set('gone', record({ expiresAt: Date.now() + 100 }));
    await store.set('kept', record());
    // The index outlives the short session (its TTL is the longest member's): an orphan entry.
    expect(
      await waitUntil(async () => (await admin.exists(`${store.prefix}s:gone`)) === 0, 3_000),
    ).toBe(true);
    expect(await admin.scard(`${store.prefix}u:alice`)).toBe(2);
    expect((await store.listBySub('alice')).map(({ key }) => key)).toEqual(['kept']);
    expect(await admin.smembers(`${store.prefix}u:alice`)).toEqual(['kept']);
  });

  it('lists a subject’s sessions with one read of the index and one read per session', async () => {
    const store = open();
    await store.set('a', record());
    await store.set('b', record());
    await admin.config('RESETSTAT');
    expect(await store.listBySub('alice')).toHaveLength(2);
    const stats = await admin.info('commandstats');
    const calls = [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)]
      .filter(([, name]) => !['info', 'config', 'subscribe', 'client'].includes(name!))
      .map(([, name, count]) => `${name}=${count}`);
    // No script spans the index and the hashes: on Cluster they live on different nodes.
    expect(calls.toSorted()).toEqual(['hmget=2', 'smembers=1']);
  });

  it('still finds, lists and ends sessions whose index entries an earlier version wrote (hash names)', async () => {
    const store = open();
    await store.set('old', record());
    // The layout before decision 015 kept `P s:<key>` in the index sets.
    for (const index of ['u:alice', 'i:sid-1']) {
      await admin.srem(`${store.prefix}${index}`, 'old');
      await admin.sadd(`${store.prefix}${index}`, `${store.prefix}s:old`);
    }
    expect((await store.listBySub('alice')).map(({ key }) => key)).toEqual(['old']);
    expect(await store.destroyBySid('sid-1')).toBe(1);
    expect(await store.get('old')).toBeUndefined();
  });

  it('moves a session between indexes when it is rewritten with another sid', async () => {
    const store = open();
    await store.set('a', record({ sid: 'old' }));
    const current = await store.get('a');
    expect(await store.replace('a', record({ sid: 'new' }), current!.version)).toBe(true);
    expect(await store.destroyBySid('old')).toBe(0);
    expect(await store.get('a')).toBeDefined();
    expect(await store.destroyBySid('new')).toBe(1);
  });

  it('lets exactly one of many concurrent compare-and-sets win', async () => {
    const store = open();
    await store.set('k', record());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.replace('k', record({ data: `w${i}` }), 1)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.get('k'))?.version).toBe(2);
  });

  it('turns a stalled Redis into an error instead of a hang, and works again after', async () => {
    const store = open(300);
    await store.set('k', record());
    redis.pause();
    try {
      // A stalled Redis becomes an error (ioredis's command timeout, or our own deadline while
      // connecting), never a hang: vitest's own test timeout is the only clock here.
      await expect(store.get('k')).rejects.toThrow(/no answer from Redis|Command timed out/);
      await expect(store.ping()).rejects.toThrow(/no answer from Redis|Command timed out/);
    } finally {
      redis.resume();
    }
    expect(await waitUntil(async () => (await store.get('k')) !== undefined, 3_000)).toBe(true);
  });

  it('fails fast while Redis is down and reconnects by itself when it returns', async () => {
    const store = open(1_000);
    await store.set('k', record());
    await redis.kill();
    // The first call may race the client noticing the closed socket; after that, no waiting.
    await store.get('k').catch(() => undefined);
    const started = performance.now();
    await expect(store.get('k')).rejects.toThrow(/enableOfflineQueue|closed/);
    expect(performance.now() - started).toBeLessThan(100);
    await redis.restart();
    // The restarted Redis is empty (no persistence); the store must simply answer again.
    expect(await waitUntil(async () => (await store.ping(), true), 5_000)).toBe(true);
    await store.set('k2', record());
    expect(await store.get('k2')).toBeDefined();
  });
});

// The indexes are updated beside the hash, not with it (decision record 015): what the BFF needs
// from that must still hold when two instances race on a cluster, where the index and the hash
// live on different nodes.
describe.skipIf(!canRunRedis('the Redis Cluster race tests'))(
  'createRedisStore on Redis Cluster, two instances racing',
  () => {
    let cluster: RedisCluster;
    const stores: RedisSessionStore[] = [];
    const open = (prefix: string) => {
      const store = createRedisStore({ url: cluster.url, prefix, timeoutMs: 5_000 });
      stores.push(store);
      return store;
    };
    beforeAll(async () => {
      cluster = await startRedisCluster();
    }, 30_000);
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await cluster?.stop();
    });

    it('never lets a token refresh bring back a session a back-channel logout ended', async () => {
      const prefix = `race:${randomUUID()}:`;
      const [refresher, logout] = [open(prefix), open(prefix)];
      const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
      await Promise.all(keys.map((key) => refresher.set(key, record({ sid: `sid-${key}` }))));
      await Promise.all(
        keys.map((key) =>
          Promise.all([
            refresher.replace(key, record({ sid: `sid-${key}`, data: 'refreshed' }), 1),
            logout.destroyBySid(`sid-${key}`),
          ]),
        ),
      );
      expect(await Promise.all(keys.map((key) => refresher.get(key)))).toEqual(
        keys.map(() => undefined),
      );
      // An index entry a losing compare-and-set added is dropped by the next reader.
      expect(await logout.listBySub('alice')).toEqual([]);
      expect(await logout.destroyBySub('alice')).toBe(0);
    });

    it('lists and ends a user’s sessions spread over every master', async () => {
      const prefix = `spread:${randomUUID()}:`;
      const [one, other] = [open(prefix), open(prefix)];
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      await Promise.all(keys.map((key, i) => (i % 2 ? one : other).set(key, record())));
      const masters = await cluster.masterPorts();
      const held = await Promise.all(
        masters.map(async (port) => (await cluster.keysOn(port, `${prefix}s:*`)).length),
      );
      expect(held.every((count) => count > 0)).toBe(true);
      expect((await one.listBySub('alice')).map(({ key }) => key).toSorted()).toEqual(
        keys.toSorted(),
      );
      expect(await other.destroyBySub('alice')).toBe(30);
      expect(await one.listBySub('alice')).toEqual([]);
    });
  },
);
