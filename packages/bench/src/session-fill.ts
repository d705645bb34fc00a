// Fills a session store with many sealed-size records before a BFF is started on it, so the
// bench can compare a proxied call's cost with one stored session and with a million.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { createRedisStore, createSqliteStore, type SessionRecord } from '@cloakroom/bff';

/** How a fill went: its duration and what one stored session costs the store. */
export interface FillResult {
  sessions: number;
  seconds: number;
  /** SQLite: file size ÷ sessions; Redis: growth of `used_memory` ÷ sessions. */
  bytesPerSession: number;
}

/**
 * The i-th filler session, shaped like a real one: a SHA-256 base64url key (as `storeKey`
 * makes), four sessions a user, an IdP session id each, a day to live, and `sealedBytes` of
 * incompressible data (a sealed record is ciphertext; neither store compresses, so slices of
 * one random pool cost the same as fresh randomness, for a fraction of the CPU).
 */
function fillerSession(
  i: number,
  count: number,
  pool: string,
  sealedBytes: number,
  expiresAt: number,
) {
  const key = createHash('sha256').update(`bench-filler-${i}`).digest('base64url');
  const start = (i * 7919) % (pool.length - sealedBytes);
  const record: SessionRecord = {
    data: `${i.toString(36)}.${pool.slice(start, start + sealedBytes - 8)}`,
    sub: `bench-user-${i % Math.max(1, Math.floor(count / 4))}`,
    sid: `bench-sid-${i}`,
    expiresAt,
  };
  return { key, record };
}

const randomPool = () => randomBytes(256 * 1024).toString('base64url');

/**
 * Writes `count` sessions into the SQLite file `file` (created with the store's own schema) in
 * one transaction with one prepared statement, the way the store's `set` inserts a new row.
 * No BFF may have the file open.
 *
 * @example
 * const { seconds, bytesPerSession } = await fillSqlite('/tmp/s.db', 1_000_000, 2_400);
 */
export async function fillSqlite(
  file: string,
  count: number,
  sealedBytes: number,
): Promise<FillResult> {
  // The store creates the schema (and its indexes) exactly as the BFF will find it.
  await createSqliteStore({ file }).close();
  const started = performance.now();
  const db = new DatabaseSync(file);
  try {
    // A scratch file filled once: no journal while filling (through WAL, a million rows were
    // written twice, ~4 GB each, 155 s here), a cache big enough for the key index's random
    // inserts; WAL again afterwards, as the store keeps it. The rows are the same either way.
    db.exec(
      'PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;',
    );
    // Mirrors sqlite-store.ts's insert of a new key (version 1).
    const insert = db.prepare(
      'INSERT INTO sessions (key, sub, sid, expires_at, version, data) VALUES (?, ?, ?, ?, 1, ?)',
    );
    const pool = randomPool();
    const expiresAt = Date.now() + 24 * 60 * 60 * 1000;
    db.exec('BEGIN');
    for (let i = 0; i < count; i += 1) {
      const { key, record } = fillerSession(i, count, pool, sealedBytes, expiresAt);
      insert.run(key, record.sub, record.sid ?? null, record.expiresAt, record.data);
    }
    db.exec('COMMIT');
    db.exec('PRAGMA journal_mode = WAL');
  } finally {
    db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const wal = `${file}-wal`;
  const bytes = statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0);
  return { sessions: count, seconds, bytesPerSession: bytes / count };
}

/**
 * Writes `count` sessions into the Redis at `url` through the store's own `set` (its real keys,
 * hash and sub/sid indexes), many in flight at once so ioredis pipelines them.
 *
 * @example
 * const { seconds, bytesPerSession } = await fillRedis('redis://127.0.0.1:6390', 1_000_000, 2_400);
 */
export async function fillRedis(
  url: string,
  count: number,
  sealedBytes: number,
): Promise<FillResult> {
  const store = createRedisStore({ url, readCache: false, timeoutMs: 30_000 });
  try {
    await store.ping();
    const usedMemory = async () =>
      Number(/^used_memory:(\d+)/m.exec(String(await store.client.info('memory')))?.[1]);
    const before = await usedMemory();
    const started = performance.now();
    const pool = randomPool();
    const expiresAt = Date.now() + 24 * 60 * 60 * 1000;
    const batch = 2_000;
    for (let from = 0; from < count; from += batch) {
      const writes = [];
      for (let i = from; i < Math.min(count, from + batch); i += 1) {
        const { key, record } = fillerSession(i, count, pool, sealedBytes, expiresAt);
        writes.push(store.set(key, record));
      }
      await Promise.all(writes);
    }
    const seconds = (performance.now() - started) / 1000;
    return { sessions: count, seconds, bytesPerSession: ((await usedMemory()) - before) / count };
  } finally {
    await store.close();
  }
}
