import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SessionStore, StoredSession } from './session-store.ts';

/**
 * The default adapter: a single SQLite file via `node:sqlite` (no native add-on to build).
 * Sessions survive a restart of the BFF. For several processes or hosts, use Redis.
 *
 * The file is held in exclusive locking mode: one BFF process per file. Two processes sharing
 * it would each refresh tokens on their own (the local refresh coordinator is per process), and
 * a rotating refresh token used twice ends the user's grant; a second process is therefore
 * refused at start. It also spares every read the WAL's shared-memory lock calls (measured: a
 * read 3.9 -> 1.9 µs alone; 3-8 µs less CPU per proxied call in the BFF).
 *
 * Expired rows are invisible to every query at once and are deleted by a periodic sweep in small
 * batches, so a large backlog never blocks the event loop for long.
 *
 * @example
 * const store = createSqliteStore({ file: '.data/sessions.db' });
 */
export function createSqliteStore(options: {
  file: string;
  now?: () => number;
  sweepIntervalMs?: number;
  sweepBatch?: number;
}): SessionStore {
  const now = options.now ?? Date.now;
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new DatabaseSync(options.file);
  try {
    // Before WAL is first used, so no shared-memory index is ever created (see above).
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;');
  } catch (error) {
    db.close();
    if ((error as { errcode?: unknown }).errcode !== 5) throw error; // 5: SQLITE_BUSY
    throw new Error(
      `the session database ${options.file} is in use by another process: a SQLite file serves one BFF process (several instances share Redis)`,
      { cause: error },
    );
  }
  db.exec(`
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS sessions (
      key TEXT PRIMARY KEY,
      sub TEXT NOT NULL,
      sid TEXT,
      expires_at INTEGER NOT NULL,
      version INTEGER NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS sessions_sub ON sessions (sub);
    CREATE INDEX IF NOT EXISTS sessions_sid ON sessions (sid) WHERE sid IS NOT NULL;
    CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
    CREATE TABLE IF NOT EXISTS markers (
      marker TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) STRICT;
  `);

  const getStmt = db.prepare(
    'SELECT data, sub, sid, expires_at AS expiresAt, version FROM sessions WHERE key = ? AND expires_at > ?',
  );
  const setStmt = db.prepare(`
    INSERT INTO sessions (key, sub, sid, expires_at, version, data) VALUES (?, ?, ?, ?, 1, ?)
    ON CONFLICT (key) DO UPDATE SET sub = excluded.sub, sid = excluded.sid,
      expires_at = excluded.expires_at, data = excluded.data, version = sessions.version + 1
    RETURNING version`);
  const replaceStmt = db.prepare(`
    UPDATE sessions SET sub = ?, sid = ?, expires_at = ?, data = ?, version = version + 1
    WHERE key = ? AND version = ? AND expires_at > ?`);
  const destroyStmt = db.prepare('DELETE FROM sessions WHERE key = ?');
  const destroyBySidStmt = db.prepare('DELETE FROM sessions WHERE sid = ?');
  const destroyBySubStmt = db.prepare('DELETE FROM sessions WHERE sub = ?');
  // The sessions_sub index is the per-user index; expired rows are excluded like in `get`.
  const listBySubStmt = db.prepare(
    'SELECT key, data, sub, sid, expires_at AS expiresAt, version FROM sessions WHERE sub = ? AND expires_at > ?',
  );
  const rememberStmt = db.prepare(`
    INSERT INTO markers (marker, expires_at) VALUES (?, ?)
    ON CONFLICT (marker) DO UPDATE SET expires_at = excluded.expires_at
    WHERE markers.expires_at <= ?`);
  const pingStmt = db.prepare('SELECT 1');
  const batch = options.sweepBatch ?? 500;
  const sweepSessions = db.prepare(
    `DELETE FROM sessions WHERE key IN (SELECT key FROM sessions WHERE expires_at <= ? LIMIT ${batch})`,
  );
  const sweepMarkers = db.prepare(
    `DELETE FROM markers WHERE marker IN (SELECT marker FROM markers WHERE expires_at <= ? LIMIT ${batch})`,
  );

  let closed = false;
  const sweep = setInterval(() => {
    if (closed) return;
    sweepSessions.run(now());
    sweepMarkers.run(now());
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  type Row = { data: string; sub: string; sid: string | null; expiresAt: number; version: number };
  const toRecord = (row: Row): StoredSession => ({
    data: row.data,
    sub: row.sub,
    sid: row.sid ?? undefined,
    expiresAt: row.expiresAt,
    version: row.version,
  });

  return {
    async get(key) {
      const row = getStmt.get(key, now()) as Row | undefined;
      return row && toRecord(row);
    },
    async set(key, record) {
      const row = setStmt.get(
        key,
        record.sub,
        record.sid ?? null,
        record.expiresAt,
        record.data,
      ) as {
        version: number;
      };
      return row.version;
    },
    async replace(key, record, expectedVersion) {
      const result = replaceStmt.run(
        record.sub,
        record.sid ?? null,
        record.expiresAt,
        record.data,
        key,
        expectedVersion,
        now(),
      );
      return Number(result.changes) === 1;
    },
    async destroy(key) {
      destroyStmt.run(key);
    },
    async destroyBySid(sid) {
      return Number(destroyBySidStmt.run(sid).changes);
    },
    async destroyBySub(sub) {
      return Number(destroyBySubStmt.run(sub).changes);
    },
    async listBySub(sub) {
      const rows = listBySubStmt.all(sub, now()) as Array<Row & { key: string }>;
      return rows.map((row) => ({ key: row.key, record: toRecord(row) }));
    },
    async rememberOnce(marker, ttlMs) {
      const t = now();
      return Number(rememberStmt.run(marker, t + ttlMs, t).changes) === 1;
    },
    async ping() {
      pingStmt.get();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      db.close();
    },
  };
}
