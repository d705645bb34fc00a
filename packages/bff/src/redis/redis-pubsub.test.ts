import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunRedis,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
} from '@cloakroom/testkit';
import {
  createRedisClient,
  duplicateRedisClient,
  type RedisClient,
} from './create-redis-client.ts';

// A "session ended" signal between instances is a PUBLISH on a channel under the store's prefix
// and a SUBSCRIBE on a duplicate of the store's client (`duplicateRedisClient`) (a subscribed connection can send
// nothing else). This checks that such a duplicate works on every deployment we support; on
// Cluster, classic (not sharded) pub/sub reaches every node's subscribers.
const deployments = [
  { name: 'Redis', start: () => startRedisServer(), counts: 2 },
  { name: 'Redis Cluster', start: () => startRedisCluster(), counts: undefined },
  { name: 'Redis Sentinel', start: () => startRedisSentinel(), counts: 2 },
] as const;

for (const deployment of deployments) {
  describe.skipIf(!canRunRedis(`the pub/sub tests on ${deployment.name}`))(
    `pub/sub on a duplicate() of the client, on ${deployment.name}`,
    () => {
      let redis: { url: string; stop(): Promise<void> };
      const clients: RedisClient[] = [];
      beforeAll(async () => {
        redis = await deployment.start();
      }, 30_000);
      afterAll(async () => {
        for (const client of clients) client.disconnect();
        await redis?.stop();
      });
      const ready = async (client: RedisClient) => {
        clients.push(client);
        if (client.status !== 'ready') await once(client, 'ready');
        return client;
      };

      it('delivers a message published by one instance to the subscribers of two others', async () => {
        const channel = 'cloakroom:session-ended';
        const publisher = await ready(createRedisClient({ url: redis.url }));
        const other = await ready(createRedisClient({ url: redis.url }));
        const subscribers = [
          await ready(duplicateRedisClient(publisher)),
          await ready(duplicateRedisClient(other)),
        ];
        const received = subscribers.map(
          (subscriber) =>
            new Promise<string>((resolve) =>
              subscriber.on('message', (from: string, message: string) => {
                if (from === channel) resolve(message);
              }),
            ),
        );
        for (const subscriber of subscribers) await subscriber.subscribe(channel);
        // PUBLISH counts the receivers on the node it ran on only: on Cluster that may be none,
        // yet every subscriber of the cluster hears it, whichever node it is connected to.
        const receivers = await publisher.publish(channel, 'sid:abc');
        expect(deployment.counts ?? receivers).toBe(receivers);
        expect(await Promise.all(received)).toEqual(['sid:abc', 'sid:abc']);
        // The store's own client still answers commands: only the duplicate is subscribed.
        expect(await publisher.ping()).toBe('PONG');
      });
    },
  );
}
