import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useRunning } from '@cloakroom/test-stack';
import { canRunRedis, startRedisServer, type RedisServer } from '@cloakroom/testkit';

/**
 * The session stores a suite runs on, each as a `store` for `useStack` (undefined: the test
 * stack's memory store): memory, SQLite in a fresh file, and Redis — one server for the whole
 * file, started when a suite first asks and stopped after the file. Call it at the top level.
 * Redis is `available: false` (and recorded as skipped) without redis-server.
 *
 * @example
 * for (const { name, store, available } of everyStore('the sessions tests')) {
 *   describe.skipIf(!available)(`sessions on the ${name} store`, () => { ... });
 * }
 */
export function everyStore(suite: string) {
  let redis: RedisServer | undefined;
  useRunning(async () => ({ close: () => redis?.stop() }));
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
  ] as const;
}
