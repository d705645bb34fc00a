import type { Logger } from '../observability/logger.ts';
import { createEvictionWarning } from './eviction-warning.ts';
import type { SessionRecord, SessionStore, StoredSession } from './session-store.ts';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  now?: () => number;
  sweepIntervalMs?: number;
  /**
   * Sessions kept at most (default 100,000). Past it, a new session first drops the expired
   * ones, then the least recently used: the process never runs out of memory, and a user whose
   * session was evicted simply logs in again.
   */
  maxSessions?: number;
  /** Told (once per burst of evictions) that sessions are being evicted. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * The reference adapter: every rule of the store contract in the plainest form, and the fixture
 * the shared contract suite is checked against first. Single-process only, and bounded.
 *
 * @example
 * const store = createMemoryStore({ maxSessions: 50_000 });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now;
  const maxSessions = options.maxSessions ?? 100_000;
  if (!Number.isSafeInteger(maxSessions) || maxSessions < 1)
    throw new TypeError('createMemoryStore: maxSessions must be a positive integer');
  // In least-recently-used order: a read or write moves a record to the end.
  const records = new Map<string, StoredSession>();
  const warnEvicting = createEvictionWarning({ maxSessions, now, logger: options.logger });
  const markers = new Map<string, number>();
  // Expired entries are dropped when read; the sweep keeps abandoned ones from piling up.
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, record] of records) if (record.expiresAt <= t) records.delete(key);
    for (const [marker, until] of markers) if (until <= t) markers.delete(marker);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  const live = (key: string): StoredSession | undefined => {
    const record = records.get(key);
    if (record && record.expiresAt <= now()) {
      records.delete(key);
      return undefined;
    }
    return record;
  };
  /** `live`, and the record becomes the most recently used. */
  const touch = (key: string): StoredSession | undefined => {
    const record = live(key);
    if (record) {
      records.delete(key);
      records.set(key, record);
    }
    return record;
  };
  // At most one full scan for expired records a second: in a burst of new sessions at the
  // cap, later ones evict the least recently used without scanning again.
  let lastScan = Number.NEGATIVE_INFINITY;
  /** Makes room for one new record: expired ones first, then the least recently used. */
  const makeRoom = () => {
    if (records.size < maxSessions) return;
    let evicted = 0;
    const t = now();
    if (t - lastScan >= 1_000) {
      lastScan = t;
      for (const [key, record] of records) if (record.expiresAt <= t) records.delete(key);
    }
    while (records.size >= maxSessions) {
      records.delete(records.keys().next().value!);
      evicted += 1;
    }
    if (evicted) warnEvicting(evicted, records.size);
  };
  /** Writes a record as the most recently used one. */
  const put = (key: string, record: StoredSession) => {
    if (!records.delete(key)) makeRoom();
    records.set(key, record);
  };
  const destroyWhere = (match: (record: StoredSession) => boolean): number => {
    let count = 0;
    for (const [key, record] of records) {
      if (match(record)) {
        records.delete(key);
        count += 1;
      }
    }
    return count;
  };
  const copy = (record: SessionRecord, version: number): StoredSession => ({
    data: record.data,
    sub: record.sub,
    sid: record.sid,
    expiresAt: record.expiresAt,
    version,
  });

  return {
    async get(key) {
      const record = touch(key);
      return record && { ...record };
    },
    async set(key, record) {
      const version = (live(key)?.version ?? 0) + 1;
      put(key, copy(record, version));
      return version;
    },
    async replace(key, record, expectedVersion) {
      const current = live(key);
      if (!current || current.version !== expectedVersion) return false;
      put(key, copy(record, expectedVersion + 1));
      return true;
    },
    async destroy(key) {
      records.delete(key);
    },
    async destroyBySid(sid) {
      return destroyWhere((record) => record.sid === sid);
    },
    async destroyBySub(sub) {
      return destroyWhere((record) => record.sub === sub);
    },
    async listBySub(sub) {
      // A scan, not an index: the reference adapter trades speed for having nothing to keep in step.
      const found = [];
      // Deleting an expired entry while iterating a Map is safe: the iteration goes on.
      for (const key of records.keys()) {
        const record = live(key);
        if (record?.sub === sub) found.push({ key, record: { ...record } });
      }
      return found;
    },
    async rememberOnce(marker, ttlMs) {
      const until = markers.get(marker);
      if (until !== undefined && until > now()) return false;
      markers.set(marker, now() + ttlMs);
      return true;
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      records.clear();
      markers.clear();
    },
  };
}
