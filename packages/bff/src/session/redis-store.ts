import { Redis, type RedisOptions } from 'ioredis';
import { callRedis, createRedisClient, type RedisClient } from '../redis/create-redis-client.ts';
import {
  destroyScript,
  indexScript,
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
  /**
   * `redis://host:port` (or `rediss://` for TLS), `redis-cluster://host:port,host:port` or
   * `redis-sentinel://host:port,host:port/<master name>`; ignored when `client` is given.
   */
  url?: string;
  /** Your own ioredis client (standalone, Sentinel or Cluster); the store leaves closing it to you. */
  client?: RedisClient;
  /** Passed to ioredis when the store creates the client from `url`. */
  redisOptions?: RedisOptions;
  /**
   * Prepended to every key. Default `cloakroom:`. No hash tag is needed on Cluster (every script
   * touches one key); a hash-tagged prefix works but puts every key on one node.
   */
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

type Args = Array<string | number>;
/** `{ version or deleted, sub or '', sid or '' }` (see the scripts). */
type Outcome = [number, string, string];
interface StoreCommands {
  cloakroomSessionSet(...args: Args): Promise<Outcome>;
  cloakroomSessionReplace(...args: Args): Promise<Outcome>;
  cloakroomSessionDestroy(...args: Args): Promise<Outcome>;
  cloakroomSessionIndex(...args: Args): Promise<unknown>;
  cloakroomRememberOnce(...args: Args): Promise<unknown>;
}

/**
 * The store for several BFF instances: every instance reads and writes the same Redis, so a
 * session made on one works on all, and a logout on one ends it on all.
 *
 * - `get` is one round trip (HMGET), the common case of every proxied request.
 * - Works alike on one Redis, Sentinel and Cluster: every command and script touches one key,
 *   so no two keys need to share a Cluster slot (decision record 015).
 * - The session hash is the truth; a write is a Lua script on it alone (`replace` is a true
 *   compare-and-set on the record's version). The `sub`/`sid` indexes are updated beside it, in
 *   the same round trip, and may hold stale entries: `listBySub` and the bulk destroys check each
 *   entry against its hash and drop the stale ones.
 * - Every call has a deadline and the client has no offline queue: a stalled or down Redis
 *   makes calls throw promptly (the BFF answers 503), and the client reconnects by itself.
 * - Redis expires records in real time from `expiresAt - now()`; reads also check `expiresAt`
 *   against `now()`, so an injected clock is honoured as by the other adapters.
 *
 * @example
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
 * const onCluster = createRedisStore({ url: 'redis-cluster://10.0.0.1:6379,10.0.0.2:6379' });
 * const onSentinel = createRedisStore({ url: 'redis-sentinel://10.0.0.1:26379/cloakroom' });
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
  client.defineCommand('cloakroomSessionSet', { numberOfKeys: 1, lua: setScript });
  client.defineCommand('cloakroomSessionReplace', { numberOfKeys: 1, lua: replaceScript });
  client.defineCommand('cloakroomSessionDestroy', { numberOfKeys: 1, lua: destroyScript });
  client.defineCommand('cloakroomSessionIndex', { numberOfKeys: 1, lua: indexScript });
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
  // Index members are session keys; before 0.2 they were hash names (`P s:<key>`), which an
  // index written then may still hold: read both, so no logout misses an older session.
  const keyOf = (member: string) =>
    member.startsWith(sessionKey('')) ? member.slice(sessionKey('').length) : member;

  // Index first, then the hash, sent in the same tick (one write on a single Redis, which runs
  // them in order): a bulk destroy that reads the index after it then finds the session. The
  // session then leaves the indexes of a previous sub/sid (rare: a session keeps both).
  const write = async (
    what: 'set' | 'replace',
    key: string,
    record: SessionRecord,
    expected?: number,
  ) => {
    const t = now();
    const ttl = String(Math.max(1, Math.ceil(record.expiresAt - t)));
    const sid = record.sid ?? '';
    const [version, formerSub, formerSid] = await call(what, () => {
      const indexed = [scripts.cloakroomSessionIndex(subKey(record.sub), key, ttl)];
      if (sid) indexed.push(scripts.cloakroomSessionIndex(sidKey(sid), key, ttl));
      const args: Args = [
        sessionKey(key),
        record.data,
        record.sub,
        sid,
        String(record.expiresAt),
        String(t),
        ttl,
      ];
      const written =
        what === 'set'
          ? scripts.cloakroomSessionSet(...args)
          : scripts.cloakroomSessionReplace(...args, String(expected));
      return Promise.all([written, ...indexed]).then(([outcome]) => outcome);
    });
    if (Number(version) > 0) await unindex(key, formerSub, formerSid, record.sub, sid);
    return Number(version);
  };
  // Takes `key` out of the indexes of `sub`/`sid` unless it still belongs there (`keep*`).
  const unindex = async (
    key: string,
    sub: string,
    sid: string,
    keepSub?: string,
    keepSid?: string,
  ) => {
    const stale: string[] = [];
    if (sub && sub !== keepSub) stale.push(subKey(sub));
    if (sid && sid !== keepSid) stale.push(sidKey(sid));
    if (stale.length > 0) {
      await call('unindex', () => Promise.all(stale.map((index) => client.srem(index, key))));
    }
  };
  // Every session of an index that still holds `value` in `field` goes; so do stale entries.
  const destroyByIndex = async (what: string, index: string, field: 'u' | 'i', value: string) => {
    const members = await call(`${what} read`, () => client.smembers(index));
    const keys = members.map(keyOf);
    const outcomes = await call(what, () =>
      Promise.all(
        keys.map((key) => scripts.cloakroomSessionDestroy(sessionKey(key), field, value)),
      ),
    );
    await call(`${what} unindex`, () =>
      members.length > 0 ? client.srem(index, ...members) : Promise.resolve(0),
    );
    const deleted = outcomes.flatMap(([gone, sub, sid], i) =>
      Number(gone) === 1 ? [{ key: keys[i]!, sub, sid }] : [],
    );
    // The deleted sessions leave their other index too (the sid's on destroyBySub, and so on).
    await Promise.all(
      deleted.map(({ key, sub, sid }) =>
        unindex(key, field === 'u' ? '' : sub, field === 'i' ? '' : sid),
      ),
    );
    return deleted.length;
  };

  return {
    client,
    prefix,
    readCache,
    async get(key, read) {
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
      // Only the proxy's per-request read may be served from the cache: a read under a refresh
      // lock that saw a record another instance had just replaced would refresh with a used
      // refresh token, and the IdP would revoke the whole grant.
      const record = await (readCache && read?.cached
        ? readCache.read(sessionKey(key), fetch)
        : fetch());
      if (!record || record.expiresAt <= now()) return undefined;
      return record;
    },
    set: (key, record) => landed(write('set', key, record), key),
    async replace(key, record, expectedVersion) {
      return (await landed(write('replace', key, record, expectedVersion), key)) > 0;
    },
    async destroy(key) {
      const [, sub, sid] = await landed(
        call('destroy', () => scripts.cloakroomSessionDestroy(sessionKey(key), '', '')),
        key,
      );
      await unindex(key, sub, sid);
    },
    destroyBySid: (sid) => landed(destroyByIndex('destroyBySid', sidKey(sid), 'i', sid)),
    destroyBySub: (sub) => landed(destroyByIndex('destroyBySub', subKey(sub), 'u', sub)),
    async listBySub(sub) {
      const index = subKey(sub);
      const members = await call('listBySub', () => client.smembers(index));
      const keys = members.map(keyOf);
      const t = now();
      const rows = await call('listBySub read', () =>
        Promise.all(keys.map((key) => client.hmget(sessionKey(key), 'd', 'u', 'i', 'e', 'v'))),
      );
      const found = [];
      const stale: string[] = [];
      for (const [i, [data, owner, sid, expiresAt, version]] of rows.entries()) {
        // Gone (Redis expired or a destroy deleted it) or now another user's: a stale entry.
        if (data == null || owner !== sub || expiresAt == null || version == null) {
          stale.push(members[i]!);
        } else if (Number(expiresAt) > t) {
          const record: StoredSession = {
            data,
            sub,
            sid: sid ?? undefined,
            expiresAt: Number(expiresAt),
            version: Number(version),
          };
          found.push({ key: keys[i]!, record });
        }
      }
      if (stale.length > 0) await call('listBySub prune', () => client.srem(index, ...stale));
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
