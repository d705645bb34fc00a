import type { SessionRecord, SessionStore, StoredSession } from './session-store.ts';

/**
 * The reference adapter: every rule of the store contract in the plainest form, and the fixture
 * the shared contract suite is checked against first. Single-process only.
 *
 * @example
 * const store = createMemoryStore();
 */
export function createMemoryStore(
  options: { now?: () => number; sweepIntervalMs?: number } = {},
): SessionStore {
  const now = options.now ?? Date.now;
  const records = new Map<string, StoredSession>();
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
      const record = live(key);
      return record && { ...record };
    },
    async set(key, record) {
      const version = (live(key)?.version ?? 0) + 1;
      records.set(key, copy(record, version));
      return version;
    },
    async replace(key, record, expectedVersion) {
      const current = live(key);
      if (!current || current.version !== expectedVersion) return false;
      records.set(key, copy(record, expectedVersion + 1));
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
