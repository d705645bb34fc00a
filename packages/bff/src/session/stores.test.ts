import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
} from '@cloakroom/testkit';
import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { createSqliteStore } from './sqlite-store.ts';

describeSessionStoreContract('memory', ({ now }) => createMemoryStore({ now }));

describeSessionStoreContract('sqlite', ({ now }) =>
  createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'cloakroom-')), 's.db'), now }),
);

// REDIS_URL names a running Redis; without it the suite starts its own redis-server.
describe.skipIf(!process.env.REDIS_URL && !canRunRedis('the Redis store contract suite'))(
  'redis',
  () => {
    let redis: { url: string; stop?: () => Promise<void> };
    beforeAll(async () => {
      redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL } : await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop?.();
    });
    // A prefix per store: every test starts from an empty keyspace, also on a shared REDIS_URL.
    describeSessionStoreContract('redis', ({ now }) =>
      createRedisStore({ url: redis.url, prefix: `cloakroom-test:${randomUUID()}:`, now }),
    );
  },
);

// The same contract on Redis Cluster (3 masters, 3 replicas) and on Sentinel: the key layout and
// every script must work where keys spread over nodes (decision record 015).
for (const [name, start] of [
  ['redis cluster', startRedisCluster],
  ['redis sentinel', () => startRedisSentinel()],
] as const) {
  describe.skipIf(!canRunRedis(`the Redis store contract suite on ${name}`))(`${name}`, () => {
    let deployment: { url: string; stop: () => Promise<void> };
    beforeAll(async () => {
      deployment = await start();
    }, 30_000);
    afterAll(async () => {
      await deployment?.stop();
    });
    describeSessionStoreContract(name, ({ now }) =>
      createRedisStore({ url: deployment.url, prefix: `cloakroom-test:${randomUUID()}:`, now }),
    );
  });
}
