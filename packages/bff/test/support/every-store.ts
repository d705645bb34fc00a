import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useRunning } from '@cloakroom/test-stack';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
  type RedisCluster,
  type RedisSentinelSet,
  type RedisServer,
} from '@cloakroom/testkit';

/**
 * The session stores a suite runs on, each as a `store` for `useStack` (undefined: the test
 * stack's memory store): memory, SQLite in a fresh file, Redis, Redis Cluster (3 masters, 3
 * replicas) and Redis Sentinel (master, replica, 3 sentinels) — each started once for the whole
 * file when a suite first asks, and stopped after the file. Call it at the top level.
 * The Redis kinds are `available: false` (and recorded as skipped) without redis-server.
 *
 * @example
 * for (const { name, store, available } of everyStore('the sessions tests')) {
 *   describe.skipIf(!available)(`sessions on the ${name} store`, () => { ... });
 * }
 */
export function everyStore(suite: string) {
  let redis: RedisServer | undefined;
  let cluster: RedisCluster | undefined;
  let sentinel: RedisSentinelSet | undefined;
  useRunning(async () => ({
    close: async () => {
      await Promise.all([redis?.stop(), cluster?.stop(), sentinel?.stop()]);
    },
  }));
  return [
    { name: 'memory', store: async (): Promise<string | undefined> => undefined, available: true },
    {
      name: 'SQLite',
      store: async (): Promise<string | undefined> =>
        `sqlite:${join(mkdtempSync(join(tmpdir(), 'cloakroom-store-')), 's.db')}`,
      available: true,
    },
    {
      name: 'Redis',
      store: async (): Promise<string | undefined> => {
        redis ??= await startRedisServer();
        return redis.url;
      },
      available: canRunRedis(`${suite} on the Redis store`),
    },
    {
      name: 'Redis Cluster',
      store: async (): Promise<string | undefined> => {
        cluster ??= await startRedisCluster();
        return cluster.url;
      },
      available: canRunRedis(`${suite} on the Redis Cluster store`),
    },
    {
      name: 'Redis Sentinel',
      store: async (): Promise<string | undefined> => {
        sentinel ??= await startRedisSentinel();
        return sentinel.url;
      },
      available: canRunRedis(`${suite} on the Redis Sentinel store`),
    },
  ] as const;
}
