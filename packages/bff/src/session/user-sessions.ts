import { clientTokenSubject } from '../tokens/client-token-keeper.ts';
import { guardStoreCall } from './guard-store-call.ts';
import type { SessionCodec } from './session-codec.ts';
import type { SessionData } from './session-data.ts';
import type { SessionEnder } from './session-ender.ts';
import type { SessionHandles } from './session-handle.ts';
import type { SessionStore } from './session-store.ts';

/**
 * One live session of a user, as operators and the `/bff/sessions` endpoints see it: a handle,
 * never the cookie value or the store key.
 *
 * @example
 * const [newest]: UserSession[] = await bff.sessions.list('alice');
 * console.log(newest.id, new Date(newest.lastSeenAt * 1000), newest.userAgent);
 */
export interface UserSession {
  /** The session's handle: for `end(sub, id)` and `DELETE /bff/sessions/<id>`. */
  id: string;
  /** Unix seconds of the login. */
  createdAt: number;
  /** Unix seconds of the last recorded use (recorded at most once a minute). */
  lastSeenAt: number;
  /** The `User-Agent` of the browser that logged in (empty when it sent none). */
  userAgent: string;
}

/** A listed session with the store key it lives under (inside the BFF only). */
export interface KeyedUserSession extends UserSession {
  storeKey: string;
}

/**
 * A user's sessions, by `sub`: list them and end one or all, on every instance sharing the store.
 * Ending goes through the session ender, so each ended session's refresh token is revoked (in
 * the background) and its session-ended listeners run. The client-credentials cache shares the
 * store under a `sub` no IdP uses; it is never listed or ended here.
 *
 * A session whose idle or absolute lifetime is over is no longer listed (and cannot be ended by
 * its handle: it is already over), even while its record waits for its next use or the sweep.
 *
 * @example
 * const sessions = createUserSessions({ store, codec, ender, handles, hasEnded });
 * const listed = await sessions.list('alice');
 * await sessions.end('alice', listed[0].id); // true
 */
export function createUserSessions(deps: {
  store: SessionStore;
  codec: SessionCodec;
  ender: SessionEnder;
  handles: SessionHandles;
  /** Whether a session's lifetime (idle or absolute) is over. */
  hasEnded: (session: Pick<SessionData, 'createdAt' | 'lastSeenAt'>) => boolean;
}) {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const keysOf = async (sub: string) =>
    sub === clientTokenSubject ? [] : await guardStoreCall(() => deps.store.listBySub(sub));

  async function listKeyed(sub: string): Promise<KeyedUserSession[]> {
    const found: Array<{ session: KeyedUserSession; createdAtMs: number; lastSeenAtMs: number }> =
      [];
    for (const { key, record } of await keysOf(sub)) {
      const session = deps.codec.decode(key, record) as Partial<SessionData> | undefined;
      // One that does not open (a retired secret) or is not this user's is nobody's to see.
      if (session?.sub !== sub || typeof session.createdAt !== 'number') continue;
      const lastSeenAt = session.lastSeenAt ?? session.createdAt;
      if (deps.hasEnded({ createdAt: session.createdAt, lastSeenAt })) continue;
      found.push({
        createdAtMs: session.createdAt,
        lastSeenAtMs: lastSeenAt,
        session: {
          storeKey: key,
          id: deps.handles.of(key),
          createdAt: seconds(session.createdAt),
          lastSeenAt: seconds(lastSeenAt),
          userAgent: typeof session.userAgent === 'string' ? session.userAgent : '',
        },
      });
    }
    // Newest login first, to the millisecond; equal times keep a stable order between calls.
    found.sort(
      (a, b) =>
        b.createdAtMs - a.createdAtMs ||
        b.lastSeenAtMs - a.lastSeenAtMs ||
        (a.session.id < b.session.id ? -1 : 1),
    );
    return found.map(({ session }) => session);
  }

  return {
    /** Every live session of `sub`, newest first, each with its store key. */
    listKeyed,
    /** Every live session of `sub`, newest first. */
    async list(sub: string): Promise<UserSession[]> {
      return (await listKeyed(sub)).map(({ storeKey: _key, ...session }) => session);
    },
    /**
     * Ends the session of `sub` that `id` names; false when `sub` has no live session by that
     * handle (another user's handle included), and then nothing changes.
     */
    async end(
      sub: string,
      id: string,
      reason: 'ended_by_user' | 'ended_by_operator' = 'ended_by_user',
    ): Promise<{ ended: false } | { ended: true; storeKey: string }> {
      const target = (await listKeyed(sub)).find((session) =>
        deps.handles.matches(id, session.storeKey),
      );
      if (!target) return { ended: false };
      await deps.ender.end(target.storeKey, reason);
      return { ended: true, storeKey: target.storeKey };
    },
    /**
     * Ends every session of `sub` (each refresh token revoked); returns how many records ended.
     * Records past their lifetime go too: they still hold a refresh token worth revoking.
     */
    async endAll(
      sub: string,
      reason: 'logout_everywhere' | 'ended_by_operator' = 'logout_everywhere',
    ): Promise<number> {
      const found = await keysOf(sub);
      for (const { key } of found) await deps.ender.end(key, reason);
      return found.length;
    },
  };
}

export type UserSessions = ReturnType<typeof createUserSessions>;
