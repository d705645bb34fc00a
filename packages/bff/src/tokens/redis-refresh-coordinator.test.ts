import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
  type RedisServer,
} from '@cloakroom/testkit';
import { BffError } from '../errors/bff-error.ts';
import { createRedisClient, type RedisClient } from '../redis/create-redis-client.ts';
import { createRedisRefreshCoordinator } from './redis-refresh-coordinator.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake refresh: the first run "refreshes", later runs find the fresh token (like TokenKeeper). */
function fakeRefresh(ms: number) {
  const state = { refreshed: false, runs: 0, refreshes: 0, active: 0, maxActive: 0 };
  const task = async () => {
    state.runs += 1;
    state.active += 1;
    state.maxActive = Math.max(state.maxActive, state.active);
    try {
      if (state.refreshed) return 'reused';
      await sleep(ms);
      state.refreshes += 1;
      state.refreshed = true;
      return 'refreshed';
    } finally {
      state.active -= 1;
    }
  };
  return { state, task };
}

/** The deployments the coordinator runs on; only the single server is faulted (paused). */
const deployments = [
  { name: 'a real Redis', start: () => startRedisServer(), single: true },
  { name: 'Redis Cluster', start: () => startRedisCluster(), single: false },
  { name: 'Redis Sentinel', start: () => startRedisSentinel(), single: false },
] as const;

for (const deployment of deployments) {
  describe.skipIf(!canRunRedis(`the Redis refresh coordinator tests on ${deployment.name}`))(
    `createRedisRefreshCoordinator on ${deployment.name}`,
    () => {
      let redis: { url: string; stop(): Promise<void> };
      let admin: RedisClient;
      const clients: RedisClient[] = [];
      // One client per simulated BFF instance, as separate processes would have.
      const instance = (
        options: { leaseMs?: number; prefix?: string; timeoutMs?: number } = {},
      ) => {
        const client = createRedisClient({ url: redis.url, timeoutMs: options.timeoutMs ?? 1_000 });
        clients.push(client);
        return createRedisRefreshCoordinator({ client, ...options });
      };
      beforeAll(async () => {
        redis = await deployment.start();
        admin = createRedisClient({
          url: redis.url,
          redisOptions: { enableOfflineQueue: true },
          clusterOptions: { enableOfflineQueue: true },
        });
      }, 30_000);
      afterAll(async () => {
        for (const client of clients) client.disconnect();
        admin?.disconnect();
        await redis?.stop();
      });

      it('runs the tasks of one key one at a time across 3 instances x 20 callers; only the first refreshes', async () => {
        const prefix = `t:${randomUUID()}:`;
        const instances = [instance({ prefix }), instance({ prefix }), instance({ prefix })];
        const { state, task } = fakeRefresh(50);
        const results = await Promise.all(
          instances.flatMap((coordinator) =>
            Array.from({ length: 20 }, () => coordinator.run('session-1', task)),
          ),
        );
        expect(state.refreshes).toBe(1);
        expect(state.maxActive).toBe(1);
        // A lock, not a shared result: every caller's task ran, each after the one before.
        expect(state.runs).toBe(60);
        expect(results.filter((r) => r === 'refreshed')).toHaveLength(1);
        expect(await admin.exists(`${prefix}lock:session-1`)).toBe(0);
      });

      it('renews the lease while a slow refresh runs', async () => {
        const prefix = `t:${randomUUID()}:`;
        const [a, b] = [instance({ prefix, leaseMs: 150 }), instance({ prefix, leaseMs: 150 })];
        // Connected first, so that `a` surely takes the lock before `b` asks.
        await Promise.all([a.run('warm-up', async () => 0), b.run('warm-up', async () => 0)]);
        const { state, task } = fakeRefresh(600);
        const first = a.run('s', task);
        await sleep(20);
        const second = b.run('s', task);
        expect(await Promise.all([first, second])).toEqual(['refreshed', 'reused']);
        expect(state.maxActive).toBe(1);
      });

      it('takes over the lock of a crashed holder once its lease has expired', async () => {
        const prefix = `t:${randomUUID()}:`;
        await admin.set(`${prefix}lock:s`, 'crashed-instance', 'PX', 300);
        const started = performance.now();
        expect(await instance({ prefix }).run('s', async () => 'ran')).toBe('ran');
        const waited = performance.now() - started;
        expect(waited).toBeGreaterThanOrEqual(250);
        expect(waited).toBeLessThan(1_500);
      });

      it('never releases a lock that another owner holds now (fencing)', async () => {
        const prefix = `t:${randomUUID()}:`;
        const lock = `${prefix}lock:s`;
        await instance({ prefix }).run('s', async () => {
          // Our lease "expired" and another instance took the lock meanwhile.
          await admin.set(lock, 'newer-owner', 'PX', 5_000);
        });
        expect(await admin.get(lock)).toBe('newer-owner');
      });

      it('tells the task, before its grant, that its lease was lost to another holder (the fence)', async () => {
        const prefix = `t:${randomUUID()}:`;
        const lock = `${prefix}lock:s`;
        const seen = await instance({ prefix }).run('s', async (fence) => {
          const before = await fence();
          // A stall past the lease (or a failover that lost the key), and another instance's lock.
          await admin.set(lock, 'newer-owner', 'PX', 5_000);
          return [before, await fence()];
        });
        expect(seen).toEqual([true, false]);
        expect(await admin.get(lock)).toBe('newer-owner');
      });

      it('renews the lease when the fence finds the lock held', async () => {
        const prefix = `t:${randomUUID()}:`;
        const lock = `${prefix}lock:s`;
        await instance({ prefix, leaseMs: 10_000 }).run('s', async (fence) => {
          await admin.pexpire(lock, 50);
          expect(await fence()).toBe(true);
          expect(await admin.pttl(lock)).toBeGreaterThan(5_000);
        });
      });

      it.skipIf(!deployment.single)(
        'answers session_store_unavailable when Redis is stalled',
        async () => {
          const coordinator = instance({ prefix: `t:${randomUUID()}:`, timeoutMs: 200 });
          await coordinator.run('warm-up', async () => undefined);
          const server = redis as RedisServer;
          server.pause();
          try {
            const error = await coordinator.run('s', async () => 'ran').catch((e: unknown) => e);
            expect(error).toBeInstanceOf(BffError);
            expect((error as BffError).code).toBe('session_store_unavailable');
          } finally {
            server.resume();
          }
        },
      );
    },
  );
}
