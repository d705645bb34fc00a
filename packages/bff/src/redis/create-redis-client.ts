import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisTarget } from './redis-target.ts';
import { withDeadline } from './with-deadline.ts';

/** A standalone, Sentinel-backed or Cluster client; the adapters need only what they share. */
export type RedisClient = Redis | Cluster;

/** Options for {@link createRedisClient}. */
export interface RedisClientOptions {
  /**
   * `redis://[user:pass@]host:port[/db]` (`rediss://` for TLS), or
   * `redis-cluster://host:port,host:port,...` for Redis Cluster, or
   * `redis-sentinel://host:port,host:port,.../<master name>` for Sentinel (see `parseRedisTarget`).
   */
  url: string;
  /** Bound on every call (connecting included), in ms. Default 1000. */
  timeoutMs?: number;
  /** Passed to ioredis as is, over our defaults (for Cluster: the options of each node). */
  redisOptions?: RedisOptions;
  /** Passed to the ioredis `Cluster` as is, over our defaults (`redis-cluster://` only). */
  clusterOptions?: ClusterOptions;
}

/**
 * An ioredis client configured to fail fast and heal by itself:
 * - no offline queue: while Redis is down a command is refused at once instead of waiting for a
 *   reconnect, so the BFF answers 503 promptly rather than holding requests;
 * - no retries or re-sends of in-flight commands after a reconnect: a caller already got its
 *   error, a write must not land later behind its back;
 * - `commandTimeout` bounds a command that was sent and never answered (a stalled server);
 * - reconnects forever with a backoff capped at one second, so service resumes soon after
 *   Redis comes back.
 *
 * The same holds on Cluster (per node, with slot maps refreshed on a lost node and every
 * second) and on Sentinel (the client asks the sentinels for the master on every reconnect and
 * listens for their `+switch-master`, so it follows a failover without a restart).
 *
 * @example
 * const client = createRedisClient({ url: 'redis://127.0.0.1:6379' });
 * const cluster = createRedisClient({ url: 'redis-cluster://10.0.0.1:6379,10.0.0.2:6379' });
 */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const timeoutMs = options.timeoutMs ?? 1_000;
  // Anything else goes to ioredis as before (it also reads a socket path, say).
  const target = /^rediss?-(cluster|sentinel):/.test(options.url)
    ? parseRedisTarget(options.url)
    : { kind: 'standalone' as const };
  const failFast: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
    // Commands issued in the same tick (many concurrent API calls) share one write.
    enableAutoPipelining: true,
  };
  const credentials = (t: { username?: string; password?: string; tls: boolean }) => ({
    ...(t.username ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
  });
  let client: RedisClient;
  if (target.kind === 'cluster') {
    client = new Cluster(target.nodes, {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      clusterRetryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
      // A lost master shows as closed connections: re-read the slot map soon, and also every
      // second, so a promoted replica is found even by a client that sent nothing meanwhile.
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      slotsRefreshInterval: 1_000,
      slotsRefreshTimeout: Math.max(timeoutMs, 1_000),
      ...options.clusterOptions,
      redisOptions: { ...failFast, ...credentials(target), ...options.redisOptions },
    });
  } else if (target.kind === 'sentinel') {
    client = new Redis({
      ...failFast,
      sentinels: target.sentinels,
      name: target.name,
      ...credentials(target),
      // Sentinels announce a failover on `+switch-master`: reconnect at once, not at the next
      // failed command.
      failoverDetector: true,
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      ...options.redisOptions,
    });
  } else {
    client = new Redis(options.url, { ...failFast, ...options.redisOptions });
  }
  // ioredis emits 'error' on every failed (re)connect; without a listener Node would crash the
  // process. Failures reach callers as rejected commands and readiness as a failed ping.
  client.on('error', () => undefined);
  return client;
}

/**
 * A second connection with the same target and options, e.g. for SUBSCRIBE (a subscribed
 * connection can send nothing else). Works on Redis, Sentinel and Cluster (classic pub/sub
 * reaches every node's subscribers). Like the original it has no offline queue: wait for its
 * `ready` before subscribing. Its connection errors are swallowed as the original's are (an
 * 'error' event without a listener would crash the process).
 *
 * Why not `client.duplicate()`: on the `Redis | Cluster` union TypeScript cannot call it, and
 * the copy would have no 'error' listener.
 *
 * @example
 * const subscriber = duplicateRedisClient(store.client);
 * await once(subscriber, 'ready');
 * await subscriber.subscribe(`${store.prefix}session-ended`);
 */
export function duplicateRedisClient(
  client: RedisClient,
  /** Over the original's options, e.g. `{ enableOfflineQueue: true }` for a subscriber. */
  overrides: { enableOfflineQueue?: boolean } = {},
): RedisClient {
  const copy = client.isCluster
    ? (client as Cluster).duplicate(undefined, overrides)
    : (client as Redis).duplicate(overrides);
  copy.on('error', () => undefined);
  return copy;
}

/**
 * Runs `command` within `ms`, waiting (inside the same bound) for the client's first connect.
 *
 * Why wait for the first connect: with the offline queue off, commands issued in the moments
 * after start-up would fail although Redis is fine. After that first connect, a lost
 * connection fails calls at once (fast failure while Redis is down).
 *
 * @example
 * await callRedis(client, 1_000, 'ping', () => client.ping());
 */
export function callRedis<T>(
  client: RedisClient,
  ms: number,
  what: string,
  command: () => Promise<T>,
): Promise<T> {
  // Connected (the common case): ioredis's own `commandTimeout` bounds a command that was sent
  // and never answered, so no timer of ours is needed on the hot path.
  if (client.status === 'ready') {
    if (!client.isCluster) return command();
    // A Cluster client re-sends a command whose node was lost, to the node the refreshed slot
    // map names, for as long as a failover takes (seconds): our deadline keeps the caller's
    // bound. The re-sent command may still land after the caller got its error; the writes
    // are safe to land late (a compare-and-set, a delete, an unreachable new session).
    return withDeadline(command(), ms, what);
  }
  const first = connected.get(client) ?? firstConnect(client);
  return withDeadline(first.then(command), ms, what);
}

const connected = new WeakMap<RedisClient, Promise<void>>();

function firstConnect(client: RedisClient): Promise<void> {
  if (client.status === 'end') return Promise.reject(new Error('the Redis client is closed'));
  const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
  connected.set(client, ready);
  return ready;
}
