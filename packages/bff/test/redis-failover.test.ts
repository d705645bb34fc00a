import { afterAll, describe, expect, it } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  type RedisCluster,
  type RedisSentinelSet,
} from '@cloakroom/testkit';
import { once } from 'node:events';
import { duplicateRedisClient } from '../src/redis/create-redis-client.ts';
import { createRedisStore } from '../src/session/redis-store.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One store call under load: when it ran and how it ended. */
interface Op {
  kind: 'get' | 'set';
  start: number;
  end: number;
  outcome: 'ok' | 'error' | 'lost';
}

/**
 * Each deployment: how to start it and how to lose its master. `loseMaster` kills a master's
 * process (SIGKILL: no goodbye to clients or replicas) and returns when the deployment has
 * promoted the replica, as its own tools (redis-cli, the sentinels) see it.
 */
const deployments = [
  {
    name: 'Redis Cluster',
    start: () => startRedisCluster(),
    // The other two masters keep serving their slots while one is replaced.
    partial: true,
    async loseMaster(cluster: RedisCluster) {
      const [master] = await cluster.masterPorts();
      await cluster.kill(master!);
      return () => cluster.healthy();
    },
  },
  {
    name: 'Redis Sentinel',
    start: () => startRedisSentinel(),
    partial: false,
    async loseMaster(set: RedisSentinelSet) {
      const master = await set.masterPort();
      await set.kill(master);
      return () => set.failedOver(master).then(() => undefined);
    },
  },
] as const;

for (const deployment of deployments) {
  describe.skipIf(!canRunRedis(`the failover tests on ${deployment.name}`))(
    `the Redis store through a master's loss on ${deployment.name}`,
    () => {
      let redis: (RedisCluster & RedisSentinelSet) | undefined;
      afterAll(async () => {
        await redis?.stop();
      });

      it('keeps every session written before, fails only calls in the failover window, and recovers by itself', async ({
        annotate,
      }) => {
        redis = (await deployment.start()) as RedisCluster & RedisSentinelSet;
        const store = createRedisStore({ url: redis.url, prefix: 'failover:' });
        const expiresAt = Date.now() + 10 * 60_000;
        const before = Array.from({ length: 300 }, (_, i) => ({
          key: `before-${i}`,
          record: { data: `sealed-${i}`, sub: `user-${i % 10}`, sid: `sid-${i}`, expiresAt },
        }));
        // Written by a patient client of its own: set-up on a busy machine is not under test.
        const setup = createRedisStore({ url: redis.url, prefix: 'failover:', timeoutMs: 10_000 });
        await Promise.all(before.map(({ key, record }) => setup.set(key, record)));
        await setup.close();
        // Replication is asynchronous: what a master had not passed on is lost with it. The
        // sessions "written before" are those the replicas have.
        await redis.replicated();

        // A "session ended" subscriber, as the BFF keeps one, on a second connection.
        const subscriber = duplicateRedisClient(store.client);
        if (subscriber.status !== 'ready') await once(subscriber, 'ready');
        const heard: string[] = [];
        subscriber.on('message', (_channel: string, message: string) => heard.push(message));
        await subscriber.subscribe('failover:ended');

        const ops: Op[] = [];
        const load = { running: true };
        let written = 0;
        const worker = async () => {
          while (load.running) {
            const kind = Math.random() < 0.8 ? 'get' : 'set';
            const start = performance.now();
            let outcome: Op['outcome'] = 'ok';
            try {
              if (kind === 'get') {
                const { key, record } = before[Math.floor(Math.random() * before.length)]!;
                const got = await store.get(key);
                if (got?.data !== record.data) outcome = 'lost';
              } else {
                written += 1;
                await store.set(`during-${written}`, {
                  data: 'x',
                  sub: `load-${written % 10}`,
                  expiresAt,
                });
              }
            } catch {
              outcome = 'error';
            }
            ops.push({ kind, start, end: performance.now(), outcome });
            await sleep(2);
          }
        };
        const workers = Array.from({ length: 8 }, () => worker());
        await sleep(500);

        const killedAt = performance.now();
        const promoted = await deployment.loseMaster(redis as never);
        await promoted();
        const promotedAt = performance.now();
        // The client finds the new master by itself (slot map refresh, or the sentinels).
        await sleep(4_000);
        load.running = false;
        await Promise.all(workers);

        const failed = ops.filter((op) => op.outcome === 'error');
        const settled = ops.filter((op) => op.start > promotedAt + 2_500);
        await annotate(
          `${deployment.name}: ${ops.length} calls, ${failed.length} failed, ` +
            `promoted ${Math.round(promotedAt - killedAt)} ms after the kill, failures from ` +
            `${Math.round(Math.min(...failed.map((op) => op.start)) - killedAt)} to ` +
            `${Math.round(Math.max(...failed.map((op) => op.end)) - killedAt)} ms, ` +
            `slowest call ${Math.round(Math.max(...ops.map((op) => op.end - op.start)))} ms`,
        );

        // Never a wrong answer: a call errs or answers the session, never "no such session".
        expect(ops.filter((op) => op.outcome === 'lost')).toEqual([]);
        // No failure before the kill, none once the client caught up after the promotion.
        expect(failed.filter((op) => op.end < killedAt)).toEqual([]);
        expect(failed.filter((op) => op.start > promotedAt + 2_500)).toEqual([]);
        // Service resumed without a restart, and no call hung past the store's deadlines.
        expect(settled.length).toBeGreaterThan(100);
        expect(Math.max(...ops.map((op) => op.end - op.start))).toBeLessThan(5_000);
        // Bounded: the failures are a fraction of the calls made while the master was gone.
        const inWindow = ops.filter((op) => op.end >= killedAt && op.start <= promotedAt + 2_500);
        expect(failed.length).toBeLessThanOrEqual(inWindow.length);
        // While one master is gone, Cluster still serves the other masters' keys (a third of the
        // keys fail, and each failure holds its worker for the deadline: hence a quarter).
        const whileGone = ops.filter(
          (op) => op.start > killedAt + 100 && op.end < promotedAt - 100,
        );
        const served = whileGone.filter((op) => op.outcome === 'ok').length;
        expect(!deployment.partial || served > whileGone.length / 4).toBe(true);

        // Every session written before the loss is there, indexes included.
        const after = await Promise.all(before.map(({ key }) => store.get(key)));
        expect(after.map((record) => record?.data)).toEqual(
          before.map(({ record }) => record.data),
        );
        expect(await store.listBySub('user-3')).toHaveLength(30);
        expect(await store.destroyBySub('user-3')).toBe(30);
        // The subscriber heard nothing it should not have, and hears again after the failover
        // (re-subscribed by the client on its new connection: no restart, no code of ours).
        let published = 0;
        while (!heard.includes(`after-${published}`) && published < 50) {
          published += 1;
          await store.client.publish('failover:ended', `after-${published}`).catch(() => 0);
          await sleep(200);
        }
        expect(heard).toContain(`after-${published}`);
        subscriber.disconnect();
        await store.close();
      }, 60_000);
    },
  );
}
