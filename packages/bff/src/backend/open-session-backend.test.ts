import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunRedis, startRedisServer, type RedisServer } from '@cloakroom/testkit';
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

  it('refuses an unknown SESSION_STORE with a TypeError naming the forms', async () => {
    await expect(openSessionBackend('mongodb://x')).rejects.toThrow(
      /memory, sqlite:<file> or redis/,
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
