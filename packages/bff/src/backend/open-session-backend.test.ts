import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunRedis, startRedisServer, type RedisServer } from '@cloakroom/testkit';
import { openSessionBackend } from './open-session-backend.ts';

describe('openSessionBackend', () => {
  it('gives memory and sqlite stores no coordinator (the in-process one fits them)', async () => {
    const backend = await openSessionBackend('memory');
    expect(backend.refreshCoordinator).toBeUndefined();
    await backend.store.close();
  });

  it('refuses sqlite: without a file, saying what is missing', async () => {
    await expect(openSessionBackend('sqlite:')).rejects.toThrow(/sqlite: needs a file/);
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
