import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { withDeadline } from './with-deadline.ts';

/** A standalone, Sentinel-backed or Cluster client; the adapters need only what they share. */
export type RedisClient = Redis | Cluster;

/** Options for {@link createRedisClient}. */
export interface RedisClientOptions {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  /** Bound on every call (connecting included), in ms. Default 1000. */
  timeoutMs?: number;
  /** Passed to ioredis as is, over our defaults (e.g. `sentinels` and `name` for Sentinel). */
  redisOptions?: RedisOptions;
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
 * @example
 * const client = createRedisClient({ url: 'redis://127.0.0.1:6379' });
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const client = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
    // Commands issued in the same tick (many concurrent API calls) share one write.
    enableAutoPipelining: true,
    ...options.redisOptions,
  });
  // ioredis emits 'error' on every failed (re)connect; without a listener Node would crash the
  // process. Failures reach callers as rejected commands and readiness as a failed ping.
  client.on('error', () => undefined);
  return client;
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
  if (client.status === 'ready') return command();
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
