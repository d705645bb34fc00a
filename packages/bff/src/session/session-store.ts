/**
 * The contract every session store adapter fulfils (memory, SQLite, Redis).
 *
 * A record is opaque to the store: `data` is already sealed (encrypted and authenticated) by the
 * BFF, and `key` is a hash of the cookie's session id, so a dump of the store yields neither a
 * token nor a usable cookie. The store only sees what it must index: `sub` and `sid` (for
 * back-channel logout and "log out everywhere") and `expiresAt` (for expiry).
 *
 * `version` makes updates safe under concurrency: `replace` is a compare-and-set that succeeds
 * only while the record still exists at the version the caller read. A refresh that finishes
 * after a logout therefore cannot write the session back to life.
 *
 * @example
 * const store = createMemoryStore();
 * await store.set('k', { data: 'sealed', sub: 'alice', expiresAt: Date.now() + 60_000 });
 * const rec = await store.get('k'); // { ..., version: 1 }
 * await store.replace('k', { ...rec, data: 'newer' }, rec.version); // true
 */
export interface SessionRecord {
  /** Sealed session contents. */
  data: string;
  /** The user's subject identifier at the IdP. */
  sub: string;
  /** The IdP's session id (`sid` claim), when it sends one. */
  sid?: string | undefined;
  /** Unix epoch milliseconds after which the record is dead. */
  expiresAt: number;
}

export interface StoredSession extends SessionRecord {
  /** Incremented by every successful write. */
  version: number;
}

/** One record as {@link SessionStore.listBySub} returns it: its store key and its contents. */
export interface KeyedSession {
  key: string;
  record: StoredSession;
}

export interface SessionStore {
  /**
   * The live record, or undefined when absent or expired. With `{ cached: true }` a store may
   * answer from a cache that can lag a write made elsewhere by moments (the Redis read cache):
   * only the proxy's per-request read asks for that. Every read that decides a write — a
   * refresh under its lock, a compare-and-set, an end — must see the stored record, and omits it.
   */
  get(key: string, options?: { cached?: boolean }): Promise<StoredSession | undefined>;
  /** Creates or overwrites a record; returns its new version. */
  set(key: string, record: SessionRecord): Promise<number>;
  /** Writes only if the record exists at `expectedVersion`; returns whether it did. */
  replace(key: string, record: SessionRecord, expectedVersion: number): Promise<boolean>;
  /** Removes a record (no error when absent). */
  destroy(key: string): Promise<void>;
  /** Removes every record with that IdP session id; returns how many. */
  destroyBySid(sid: string): Promise<number>;
  /** Removes every record of that subject; returns how many. */
  destroyBySub(sub: string): Promise<number>;
  /**
   * Every live record of that subject, in no particular order: none expired (by the store's
   * `now`), none destroyed, none missing. An index entry left by a record that expired is
   * skipped (and may be dropped by the call). Used for "your sessions" and "log out everywhere".
   *
   * @example
   * for (const { key, record } of await store.listBySub('alice')) console.log(key, record.version);
   */
  listBySub(sub: string): Promise<KeyedSession[]>;
  /**
   * Remembers `marker` for `ttlMs` and returns true the first time, false while it is remembered
   * (replay detection, e.g. a back-channel logout token's `jti`).
   */
  rememberOnce(marker: string, ttlMs: number): Promise<boolean>;
  /** Throws when the store cannot serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
