import { describe, expect, it } from 'vitest';
import { stubSpa, useRunning, useStack } from '@cloakroom/test-stack';
import {
  canRunRedis,
  sessionCookie,
  startRedisCluster,
  startRedisSentinel,
  type RedisCluster,
  type RedisSentinelSet,
} from '@cloakroom/testkit';

// A real BFF process (`SESSION_STORE=redis-cluster://…` or `redis-sentinel://…`) serving a
// steady loop of proxied API calls while a Redis master is SIGKILLed. Users logged in before
// must stay logged in; calls may fail with 503 only while the master is being replaced; the
// same process serves again afterwards.
//
// ioredis meets the loss in one of two ways, depending on where its next slot-map refresh falls:
// a call fails fast with the store's 503, or the Cluster client holds it (retrying on failover)
// until the promoted replica answers. Both are "felt"; neither may log anyone out.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  start: number;
  end: number;
  status: number;
  error?: string;
}

type Deployment = RedisCluster | RedisSentinelSet;
const deployments = [
  {
    name: 'Redis Cluster',
    start: (): Promise<Deployment> => startRedisCluster(),
    async loseMaster(deployment: Deployment) {
      const cluster = deployment as RedisCluster;
      // The master holding the most session hashes, so that some users surely lose theirs.
      const held = await Promise.all(
        (await cluster.masterPorts()).map(async (port) => ({
          port,
          sessions: (await cluster.keysOn(port, 'cloakroom:s:*')).length,
        })),
      );
      const [master] = held.toSorted((a, b) => b.sessions - a.sessions);
      await cluster.kill(master!.port);
      return { sessionsHeld: master!.sessions, promoted: () => cluster.healthy() };
    },
  },
  {
    name: 'Redis Sentinel',
    start: (): Promise<Deployment> => startRedisSentinel(),
    async loseMaster(deployment: Deployment) {
      const set = deployment as RedisSentinelSet;
      const master = await set.masterPort();
      const sessionsHeld = (await set.keysOn(master, 'cloakroom:s:*')).length;
      await set.kill(master);
      return { sessionsHeld, promoted: async () => void (await set.failedOver(master)) };
    },
  },
] as const;

for (const deployment of deployments) {
  describe.skipIf(!canRunRedis(`the BFF failover test on ${deployment.name}`))(
    `a BFF process on ${deployment.name} through the loss of a master`,
    () => {
      const redis = useRunning(async () => {
        const started = await deployment.start();
        return Object.assign(started, { close: () => started.stop() });
      });
      const stack = useStack(() => ({ mode: 'process', store: redis.url, spa: stubSpa }));

      it('keeps its users logged in, answers 503 only while the master is replaced, and serves again without a restart', async ({
        annotate,
      }) => {
        const cookies = [];
        for (let i = 0; i < 6; i++) cookies.push(sessionCookie(await stack.login()));
        const call = async (cookie: string): Promise<Call> => {
          const start = performance.now();
          const response = await fetch(`${stack.bffUrl}/api/me`, {
            headers: { cookie, 'x-csrf': '1' },
            signal: AbortSignal.timeout(10_000),
          });
          const body = (await response.json()) as { error?: string };
          return { start, end: performance.now(), status: response.status, error: body.error };
        };
        expect((await Promise.all(cookies.map(call))).map(({ status }) => status)).toEqual(
          cookies.map(() => 200),
        );
        // The sessions "written before" are those the replicas have (replication is async).
        await redis.replicated();

        const calls: Call[] = [];
        const load = { running: true };
        const loops = cookies.map(async (cookie) => {
          while (load.running) {
            calls.push(await call(cookie));
            await sleep(5);
          }
        });
        await sleep(500);
        const killedAt = performance.now();
        const { sessionsHeld, promoted } = await deployment.loseMaster(redis);
        await promoted();
        const promotedAt = performance.now();
        await sleep(4_000);
        load.running = false;
        await Promise.all(loops);

        const failed = calls.filter(({ status }) => status !== 200);
        // Calls under way while the master was gone that the client held until it was replaced.
        const held = calls.filter(
          ({ start, end, status }) =>
            status === 200 && start < promotedAt && end > killedAt && end - start > 500,
        );
        await annotate(
          `${sessionsHeld} sessions on the lost master; ${calls.length} calls, ` +
            `${failed.length} answered 503, ${held.length} held past 500 ms; promoted ` +
            `${Math.round(promotedAt - killedAt)} ms after the kill, 503s from ` +
            `${Math.round(Math.min(...failed.map(({ start }) => start)) - killedAt)} to ` +
            `${Math.round(Math.max(...failed.map(({ end }) => end)) - killedAt)} ms`,
        );
        // The loss was felt (the test is not vacuous): users' sessions were on the lost master,
        // and their calls failed or waited for the promotion ...
        expect(sessionsHeld).toBeGreaterThan(0);
        expect(failed.length + held.length).toBeGreaterThan(0);
        // Never "logged out": a failure is the store's 503, with its stable code.
        expect(new Set(failed.map(({ status, error }) => `${status} ${error}`))).toEqual(
          new Set(failed.length > 0 ? ['503 session_store_unavailable'] : []),
        );
        expect(failed.filter(({ end }) => end < killedAt)).toEqual([]);
        expect(failed.filter(({ start }) => start > promotedAt + 2_500)).toEqual([]);
        expect(calls.filter(({ start }) => start > promotedAt + 2_500).length).toBeGreaterThan(50);
        // Every user logged in before is still, on the same process.
        expect((await Promise.all(cookies.map(call))).map(({ status }) => status)).toEqual(
          cookies.map(() => 200),
        );
        expect((await fetch(`${stack.bffUrl}/readyz`)).status).toBe(200);
      }, 60_000);
    },
  );
}
