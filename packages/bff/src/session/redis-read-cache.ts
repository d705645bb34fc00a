// Why a cache in front of Redis at all: every proxied request reads its session record, and on
// the bench that one HMGET (ioredis's queueing, the socket write, the reply's buffers and the
// garbage they leave) was what kept the Redis store at ~0.8× the bare proxy while the memory
// store ran at ~0.95×. A hot session is read thousands of times between two writes.
//
// Why it is safe: Redis's server-assisted client-side caching (CLIENT TRACKING, default mode)
// remembers every key the data connection read and, when any client changes or deletes one (or
// Redis expires or evicts it), pushes the key name to our subscriber connection on
// `__redis__:invalidate` (RESP2 needs that REDIRECT connection). Nothing is trusted unless both
// connections are up and tracking was switched on for the current data connection; any
// disconnect drops the whole cache and reads go to Redis until tracking is re-armed. See
// docs/decisions/016-redis-read-cache.md.
import type { Redis } from 'ioredis';
import type { StoredSession } from './session-store.ts';

/** Options of {@link createRedisReadCache}. */
export interface RedisReadCacheOptions {
  /** The store's data connection: tracking is switched on for the keys it reads. */
  client: Redis;
  /** How long a cached record is trusted without a new read, in ms. Default 1000. */
  ttlMs?: number;
  /** Records kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** Interval of the subscriber's liveness ping, in ms. Default 1000. */
  pingIntervalMs?: number;
}

/** What {@link createRedisReadCache} returns. */
export interface RedisReadCache {
  /** A record read within `ttlMs` and not invalidated since, else `read()` (maybe cached). */
  read(
    redisKey: string,
    read: () => Promise<StoredSession | undefined>,
  ): Promise<StoredSession | undefined>;
  /** Drops one key; the store calls it when its own write of that key has landed. */
  forget(redisKey: string): void;
  /** Drops everything (after a write that changed keys this process cannot name). */
  forgetAll(): void;
  /** Whether cached records are being served (tracking armed, both connections up). */
  readonly armed: boolean;
  /** The invalidation connection (exposed for tests and diagnostics). */
  readonly subscriber: Redis;
  close(): void;
}

const channel = '__redis__:invalidate';

/**
 * A per-process read cache for session records, invalidated by Redis within milliseconds of a
 * write anywhere. Standalone and Sentinel clients only (not Cluster: tracking is per node).
 *
 * @example
 * const cache = createRedisReadCache({ client });
 * const record = await cache.read('cloakroom:s:abc', () => fetchRecord('cloakroom:s:abc'));
 */
export function createRedisReadCache(options: RedisReadCacheOptions): RedisReadCache {
  const { client } = options;
  const ttlMs = options.ttlMs ?? 1_000;
  const maxEntries = options.maxEntries ?? 10_000;
  if (!(ttlMs > 0) || !(maxEntries > 0))
    throw new TypeError('createRedisReadCache: ttlMs and maxEntries must be positive');
  const entries = new Map<string, { record: StoredSession; until: number }>();
  // Reads in flight per key; an invalidation marks them, and a marked read is not cached (its
  // reply may predate the write whose invalidation overtook it on the other connection).
  const inflight = new Map<string, Set<{ stale: boolean }>>();
  // Bumped whenever the cache stops being trustworthy; a read that saw another epoch is not cached.
  let epoch = 0;
  let armed = false;
  let closed = false;
  // RESP2 on purpose: ioredis (6, RESP3 by default) drops RESP3 `invalidate` pushes, while a
  // RESP2 connection subscribed to `__redis__:invalidate` gets them as ordinary messages.
  const subscriber = client.duplicate({
    protocol: 2,
    autoResubscribe: false,
    enableAutoPipelining: false,
    lazyConnect: false,
    connectionName: 'cloakroom-invalidations',
  });
  subscriber.on('error', () => undefined);

  // Drops every record and marks the reads in flight so their replies are not cached.
  const forgetAll = () => {
    epoch += 1;
    entries.clear();
    for (const reads of inflight.values()) for (const r of reads) r.stale = true;
  };
  let armGeneration = 0;
  const disarm = () => {
    armed = false;
    armGeneration += 1;
    forgetAll();
  };
  const invalidate = (key: string) => {
    entries.delete(key);
    const reads = inflight.get(key);
    if (reads) for (const r of reads) r.stale = true;
  };

  // Tracking is per connection: arm again whenever either connection is (re)established. One
  // attempt at a time; an attempt overtaken by a later disconnect or ready gives up.
  let subscribed = false;
  let attempts = Promise.resolve();
  const rearm = () => {
    disarm();
    const mine = armGeneration;
    attempts = attempts.then(async () => {
      if (closed || mine !== armGeneration) return;
      if (client.status !== 'ready' || subscriber.status !== 'ready') return;
      try {
        if (!subscribed) {
          // CLIENT ID must come before SUBSCRIBE: a subscribed RESP2 connection takes no other command.
          subscriberId = String(await subscriber.client('ID'));
          await subscriber.subscribe(channel);
          subscribed = true;
        }
        await client.call('CLIENT', 'TRACKING', 'OFF');
        await client.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId);
      } catch {
        // Tracking unavailable (old Redis, ACL) or a connection dropped meanwhile: stay
        // disarmed (reads go to Redis); the next 'ready' tries again.
        return;
      }
      if (mine === armGeneration && client.status === 'ready' && subscriber.status === 'ready')
        armed = true;
    });
  };
  let subscriberId = '';
  client.on('ready', rearm);
  subscriber.on('ready', () => {
    subscribed = false;
    rearm();
  });
  for (const connection of [client, subscriber]) {
    connection.on('close', disarm);
    connection.on('end', disarm);
  }
  if (client.status === 'ready' && subscriber.status === 'ready') rearm();

  subscriber.on('messageBuffer', (from: Buffer, keys: Buffer[] | Buffer | null) => {
    if (from.toString() !== channel) return;
    // A null message: Redis flushed its tracking table (FLUSHALL, FLUSHDB, table full).
    if (keys === null) return forgetAll();
    for (const key of Array.isArray(keys) ? keys : [keys]) invalidate(key.toString());
  });

  // A connection can hang without closing (a partition): without answers for a ping interval,
  // the subscriber is dropped and reconnected, and the cache bypassed until it is re-armed.
  const pingIntervalMs = options.pingIntervalMs ?? 1_000;
  const ping = setInterval(() => {
    if (subscriber.status !== 'ready') return;
    const timer = setTimeout(() => {
      disarm();
      subscriber.disconnect(true);
    }, pingIntervalMs);
    subscriber.ping().then(
      () => clearTimeout(timer),
      () => undefined,
    );
  }, pingIntervalMs);
  ping.unref();

  return {
    async read(redisKey, read) {
      if (armed && client.status === 'ready') {
        const hit = entries.get(redisKey);
        if (hit && hit.until > performance.now()) return { ...hit.record };
        if (hit) entries.delete(redisKey);
      }
      const mine = { stale: false };
      const startEpoch = epoch;
      const wasArmed = armed;
      let reads = inflight.get(redisKey);
      if (!reads) inflight.set(redisKey, (reads = new Set()));
      reads.add(mine);
      try {
        const record = await read();
        if (record && wasArmed && armed && !mine.stale && epoch === startEpoch) {
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
          entries.set(redisKey, { record: { ...record }, until: performance.now() + ttlMs });
        }
        return record;
      } finally {
        reads.delete(mine);
        if (reads.size === 0) inflight.delete(redisKey);
      }
    },
    forget: invalidate,
    forgetAll,
    get armed() {
      return armed;
    },
    subscriber,
    close() {
      closed = true;
      clearInterval(ping);
      disarm();
      subscriber.disconnect();
    },
  };
}
