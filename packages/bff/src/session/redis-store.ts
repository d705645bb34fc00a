import { Redis, type RedisOptions } from 'ioredis';
import { callRedis, createRedisClient, type RedisClient } from '../redis/create-redis-client.ts';
import {
  destroyByIndexScript,
  destroyScript,
  listByIndexScript,
  rememberOnceScript,
  replaceScript,
  setScript,
} from './redis-store-scripts.ts';
import type { SessionRecord, SessionStore, StoredSession } from './session-store.ts';
import {
  createRedisReadCache,
  type RedisReadCache,
  type RedisReadCacheOptions,
} from './redis-read-cache.ts';

/** Options of {@link createRedisStore}: a URL, or a client you configured (Sentinel, Cluster). */
export interface RedisStoreOptions {
  /** `redis://host:port` (or `rediss://` for TLS); ignored when `client` is given. */
  url?: string;
  /** Your own ioredis client; the store then leaves closing it to you. */
  client?: RedisClient;
  /** Passed to ioredis when the store creates the client from `url`. */
  redisOptions?: RedisOptions;
  /** Prepended to every key. Default `cloakroom:`; on Cluster, hash-tag it: `{cloakroom}:`. */
  prefix?: string;
  /** Deadline of every store call, in ms. Default 1000. */
  timeoutMs?: number;
  /** The clock that `expiresAt` is measured with. Default `Date.now`. */
  now?: () => number;
  /**
   * Serve hot sessions from a per-process cache that Redis invalidates (CLIENT TRACKING), see
   * `redis-read-cache.ts`. Default on for a standalone or Sentinel client; `false` turns it off.
   * Never used on Cluster.
   */
  readCache?: false | Omit<RedisReadCacheOptions, 'client'>;
}

/** The Redis store exposes its client so the refresh coordinator can share the connection. */
export interface RedisSessionStore extends SessionStore {
  readonly client: RedisClient;
  readonly prefix: string;
  /** The read cache, when on (see {@link RedisStoreOptions.readCache}). */
  readonly readCache: RedisReadCache | undefined;
}

type Reply = Promise<unknown>;
type Args = Array<string | number>;
interface StoreCommands {
  cloakroomSessionSet(...args: Args): Reply;
  cloakroomSessionReplace(...args: Args): Reply;
  cloakroomSessionDestroy(...args: Args): Reply;
  cloakroomSessionDestroyByIndex(...args: Args): Reply;
  cloakroomRememberOnce(...args: Args): Reply;
  cloakroomSessionListByIndex(...args: Args): Reply;
}

/**
 * The store for several BFF instances: every instance reads and writes the same Redis, so a
 * session made on one works on all, and a logout on one ends it on all.
 *
 * - `get` is one round trip (HMGET), the common case of every proxied request.
 * - `listBySub` reads the sub's index set and its hashes in one script, dropping the entries of
 *   hashes Redis has expired, so the index holds no orphans for long and a list shows none.
 * - Writes run as Lua scripts (see `redis-store-scripts.ts`), so `replace` is a true
 *   compare-and-set on the record's version, and the `sub`/`sid` indexes change with it.
 * - Every call has a deadline and the client has no offline queue: a stalled or down Redis
 *   makes calls throw promptly (the BFF answers 503), and the client reconnects by itself.
 * - Redis expires records in real time from `expiresAt - now()`; reads also check `expiresAt`
 *   against `now()`, so an injected clock is honoured as by the other adapters.
 *
 * @example
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
 * // Sentinel: createRedisStore({ url: 'redis://ignored', redisOptions: { sentinels, name } })
 */
export function createRedisStore(options: RedisStoreOptions): RedisSessionStore {
  if (!options.client && !options.url) throw new TypeError('createRedisStore needs url or client');
  const timeoutMs = options.timeoutMs ?? 1_000;
  if (!(timeoutMs > 0)) throw new TypeError('createRedisStore: timeoutMs must be positive');
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? 'cloakroom:';
  const owned = !options.client;
  const client =
    options.client ??
    createRedisClient({
      url: options.url!,
      timeoutMs,
      ...(options.redisOptions ? { redisOptions: options.redisOptions } : {}),
    });
  client.defineCommand('cloakroomSessionSet', { numberOfKeys: 3, lua: setScript });
  client.defineCommand('cloakroomSessionReplace', { numberOfKeys: 3, lua: replaceScript });
  client.defineCommand('cloakroomSessionDestroy', { numberOfKeys: 1, lua: destroyScript });
  client.defineCommand('cloakroomSessionDestroyByIndex', {
    numberOfKeys: 1,
    lua: destroyByIndexScript,
  });
  client.defineCommand('cloakroomSessionListByIndex', { numberOfKeys: 1, lua: listByIndexScript });
  client.defineCommand('cloakroomRememberOnce', { numberOfKeys: 1, lua: rememberOnceScript });
  const scripts = client as unknown as StoreCommands;
  const readCache =
    options.readCache !== false && client instanceof Redis
      ? createRedisReadCache({ client, ...options.readCache })
      : undefined;
  // A write of this process is visible to its next read at once (not only when Redis's
  // invalidation arrives): the key is forgotten when the write has landed.
  const landed = <T>(written: Promise<T>, key?: string): Promise<T> =>
    readCache
      ? written.finally(() => (key ? readCache.forget(sessionKey(key)) : readCache.forgetAll()))
      : written;

  const sessionKey = (key: string) => `${prefix}s:${key}`;
  const subKey = (sub: string) => `${prefix}u:${sub}`;
  const sidKey = (sid: string) => `${prefix}i:${sid}`;
  const call = <T>(what: string, command: () => Promise<T>) =>
    callRedis(client, timeoutMs, `session store ${what}`, command);
  // KEYS and ARGV shared by set and replace (the layout is documented in the scripts).
  const writeArgs = (key: string, record: SessionRecord): Args => {
    const t = now();
    return [
      sessionKey(key),
      subKey(record.sub),
      record.sid ? sidKey(record.sid) : subKey(record.sub),
      record.data,
      record.sub,
      record.sid ?? '',
      String(record.expiresAt),
      String(t),
      String(Math.max(1, Math.ceil(record.expiresAt - t))),
      prefix,
    ];
  };

  return {
    client,
    prefix,
    readCache,
    async get(key) {
      const fetch = async (): Promise<StoredSession | undefined> => {
        const [data, sub, sid, expiresAt, version] = await call('get', () =>
          client.hmget(sessionKey(key), 'd', 'u', 'i', 'e', 'v'),
        );
        if (data == null || sub == null || expiresAt == null || version == null) return undefined;
        return {
          data,
          sub,
          sid: sid ?? undefined,
          expiresAt: Number(expiresAt),
          version: Number(version),
        };
      };
      const record = await (readCache ? readCache.read(sessionKey(key), fetch) : fetch());
      if (!record || record.expiresAt <= now()) return undefined;
      return record;
    },
    async set(key, record) {
      return Number(
        await landed(
          call('set', () => scripts.cloakroomSessionSet(...writeArgs(key, record))),
          key,
        ),
      );
    },
    async replace(key, record, expectedVersion) {
      const written = await landed(
        call('replace', () =>
          scripts.cloakroomSessionReplace(...writeArgs(key, record), String(expectedVersion)),
        ),
        key,
      );
      return Number(written) === 1;
    },
    async destroy(key) {
      await landed(
        call('destroy', () => scripts.cloakroomSessionDestroy(sessionKey(key), prefix)),
        key,
      );
    },
    async destroyBySid(sid) {
      return Number(
        await landed(
          call('destroyBySid', () =>
            scripts.cloakroomSessionDestroyByIndex(sidKey(sid), prefix, 'i', sid),
          ),
        ),
      );
    },
    async destroyBySub(sub) {
      return Number(
        await landed(
          call('destroyBySub', () =>
            scripts.cloakroomSessionDestroyByIndex(subKey(sub), prefix, 'u', sub),
          ),
        ),
      );
    },
    async listBySub(sub) {
      const flat = (await call('listBySub', () =>
        scripts.cloakroomSessionListByIndex(subKey(sub), sub, String(now())),
      )) as string[];
      const found = [];
      const hashPrefix = sessionKey('');
      for (let i = 0; i + 4 < flat.length; i += 5) {
        const [hash, data, sid, expiresAt, version] = flat.slice(i, i + 5) as [
          string,
          string,
          string,
          string,
          string,
        ];
        const record: StoredSession = {
          data,
          sub,
          sid: sid === '' ? undefined : sid,
          expiresAt: Number(expiresAt),
          version: Number(version),
        };
        found.push({ key: hash.slice(hashPrefix.length), record });
      }
      return found;
    },
    async rememberOnce(marker, ttlMs) {
      const t = now();
      const ttl = Math.max(1, Math.ceil(ttlMs));
      const first = await call('rememberOnce', () =>
        scripts.cloakroomRememberOnce(
          `${prefix}m:${marker}`,
          String(t),
          String(t + ttl),
          String(ttl),
        ),
      );
      return Number(first) === 1;
    },
    async ping() {
      await call('ping', () => client.ping());
    },
    async close() {
      readCache?.close();
      if (!owned || client.status === 'end') return;
      try {
        if (client.status === 'ready')
          await callRedis(client, timeoutMs, 'close', () => client.quit());
      } catch {
        // Redis is stalled or down: drop the connection rather than wait.
      } finally {
        client.disconnect();
      }
    },
  };
}
