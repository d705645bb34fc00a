import { createHash } from 'node:crypto';
import type { Sealer } from '../crypto/sealer.ts';
import { BffError } from '../errors/bff-error.ts';
import type { SessionRecord, SessionStore, StoredSession } from './session-store.ts';

/** Session contents as koa-session keeps them (its `_expire`/`_maxAge` included). */
export type SessionJson = Record<string, unknown> & { sub?: unknown; sid?: unknown };

/** Hash of a session id, used as the store key: a store dump cannot be replayed as a cookie. */
export function storeKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}

/**
 * Seals session contents into store records and opens them again; the store key is bound as
 * associated data, so one session's record cannot be moved under another's key.
 */
export function createSessionCodec(sealer: Sealer) {
  return {
    encode(key: string, session: SessionJson, expiresAt: number): SessionRecord {
      return {
        data: sealer.seal(JSON.stringify(session), key),
        sub: String(session.sub),
        sid: typeof session.sid === 'string' ? session.sid : undefined,
        expiresAt,
      };
    },
    /** Undefined when the record does not decrypt (tampered, or sealed with a retired secret). */
    decode(key: string, record: StoredSession): SessionJson | undefined {
      const plain = sealer.open(record.data, key);
      return plain === undefined ? undefined : (JSON.parse(plain) as SessionJson);
    },
  };
}

export type SessionCodec = ReturnType<typeof createSessionCodec>;

/** The store interface koa-session calls. */
export interface KoaSessionStore {
  get(id: string): Promise<SessionJson | undefined>;
  set(id: string, session: SessionJson, maxAge: number | 'session' | undefined): Promise<void>;
  destroy(id: string): Promise<void>;
}

/**
 * The store koa-session talks to, between koa-session and a {@link SessionStore}. A record that
 * does not decrypt counts as no session and is removed. Any store failure becomes
 * `503 session_store_unavailable`: the BFF fails closed, it never treats an unreachable store as
 * "anonymous".
 */
export function createKoaSessionStore(
  store: SessionStore,
  codec: SessionCodec,
  options: { now: () => number },
): KoaSessionStore {
  return {
    async get(id) {
      const key = storeKey(id);
      const found = await readSession(store, codec, key);
      if (!found) return undefined;
      if (found.session === undefined) await guard(() => store.destroy(key));
      return found.session;
    },
    async set(id, session, maxAge) {
      const key = storeKey(id);
      const ttl = typeof maxAge === 'number' ? maxAge : 24 * 60 * 60 * 1000;
      await guard(() => store.set(key, codec.encode(key, session, options.now() + ttl)));
    },
    async destroy(id) {
      await guard(() => store.destroy(storeKey(id)));
    },
  };
}

/**
 * A session record and what it decrypts to; undefined when there is no record or it does not
 * open (tampered, or sealed with a retired secret). Callers decide what to do with the latter.
 */
export async function readSession(store: SessionStore, codec: SessionCodec, key: string) {
  const record = await guard(() => store.get(key));
  if (!record) return undefined;
  return { record, session: codec.decode(key, record) };
}

/** Runs a store call, turning its failure into the stable 503. */
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof BffError) throw cause;
    throw new BffError('session_store_unavailable', { cause });
  }
}
