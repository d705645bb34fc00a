import type { Sealer } from '../crypto/sealer.ts';
import type { SessionRecord, StoredSession } from './session-store.ts';

/** Session contents as koa-session keeps them (its `_expire`/`_maxAge` included). */
export type SessionJson = Record<string, unknown> & { sub?: unknown; sid?: unknown };

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
