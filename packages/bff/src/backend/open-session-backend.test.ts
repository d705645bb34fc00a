import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
  type RedisServer,
} from '@cloakroom/testkit';
import { openSessionBackend } from './open-session-backend.ts';

describe('openSessionBackend', () => {
  it('gives memory and sqlite stores no coordinator (the in-process one fits them)', async () => {
    const backend = await openSessionBackend('memory');
    expect(backend.refreshCoordinator).toBeUndefined();
    await backend.store.close();
  });

  it('bounds the memory store by memory?max=', async () => {
    const { store } = await openSessionBackend('memory?max=2');
    const record = { data: 'x', sub: 'alice', expiresAt: Date.now() + 60_000 };
    for (const key of ['a', 'b', 'c']) await store.set(key, record);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();
    await store.close();
  });

  it('refuses a bad memory?max= or an unknown memory option, naming it', async () => {
    await expect(openSessionBackend('memory?max=0')).rejects.toThrow(/positive whole number/);
    await expect(openSessionBackend('memory?max=lots')).rejects.toThrow(/positive whole number/);
    await expect(openSessionBackend('memory?size=10')).rejects.toThrow(/takes only max/);
  });

  it('refuses sqlite: without a file, saying what is missing', async () => {
    await expect(openSessionBackend('sqlite:')).rejects.toThrow(/sqlite: needs a file/);
  });

  it('refuses a malformed redis-cluster:// or redis-sentinel:// value, naming the problem', async () => {
    await expect(openSessionBackend('redis-cluster://h')).rejects.toThrow(
      /^SESSION_STORE: redis-cluster:\/\/ needs a comma-separated list of host:port/,
    );
    await expect(openSessionBackend('redis-sentinel://h:26379')).rejects.toThrow(/master name/);
  });

  it('refuses an unknown SESSION_STORE with a TypeError naming the forms', async () => {
    await expect(openSessionBackend('mongodb://x')).rejects.toThrow(
      /memory, sqlite:<file>, redis:\/\/host:port, redis-cluster:\/\/.*redis-sentinel:\/\//,
    );
  });
});

describe.skipIf(!canRunRedis('the redis:// SESSION_STORE tests'))('redis:// SESSION_STORE', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('opens a Redis store and a Redis refresh coordinator on one connection', async () => {
    const { store, refreshCoordinator } = await openSessionBackend(redis.url);
    await store.set('k', { data: 'sealed', sub: 'alice', expiresAt: Date.now() + 60_000 });
    expect(await store.get('k')).toMatchObject({ data: 'sealed', version: 1 });
    expect(await refreshCoordinator?.run('k', async () => 'ran')).toBe('ran');
    await store.close();
  });

  it('opens a redis:// store that answers ping (readiness)', async () => {
    const { store } = await openSessionBackend(redis.url);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });
});

for (const [name, start] of [
  ['redis-cluster://', () => startRedisCluster()],
  ['redis-sentinel://', () => startRedisSentinel()],
] as const) {
  describe.skipIf(!canRunRedis(`the ${name} SESSION_STORE tests`))(`${name} SESSION_STORE`, () => {
    let deployment: { url: string; stop(): Promise<void> };
    beforeAll(async () => {
      deployment = await start();
    }, 30_000);
    afterAll(async () => {
      await deployment?.stop();
    });

    it('opens a store and a refresh coordinator on one client, which answers ping', async () => {
      const { store, refreshCoordinator } = await openSessionBackend(deployment.url);
      await expect(store.ping()).resolves.toBeUndefined();
      await store.set('k', { data: 'sealed', sub: 'alice', expiresAt: Date.now() + 60_000 });
      expect(await store.get('k')).toMatchObject({ data: 'sealed', version: 1 });
      expect(await refreshCoordinator?.run('k', async () => 'ran')).toBe('ran');
      await store.close();
    });
  });
}
