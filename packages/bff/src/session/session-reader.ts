import { parseCookie, stringifySetCookie } from 'cookie';
import { guard, storeKey, type SessionCodec } from './koa-session-store.ts';
import type { SessionData } from './session-data.ts';
import type { SessionStore } from './session-store.ts';

/** A session as the proxy needs it: its store key, its contents and the record's version. */
export interface ProxySession {
  key: string;
  session: SessionData;
}

/**
 * Reads the session of an `/api` request straight from the store, without koa-session: the
 * proxy never changes a session through it, and koa-session's load-and-compare (it hashes the
 * whole session on load and again before commit) was a tenth of the proxy's CPU.
 *
 * Opened sessions are cached per store key **and exact sealed value**: the store is still read on
 * every request (a logout or back-channel logout anywhere takes effect at once), only the
 * decryption of an unchanged record is skipped. Bounded; oldest entries go first.
 */
export function createSessionReader(deps: {
  store: SessionStore;
  codec: SessionCodec;
  cookieName: string;
  maxCached?: number;
}) {
  const maxCached = deps.maxCached ?? 10_000;
  const opened = new Map<string, { sealed: string; session: SessionData }>();
  // Expires the cookie with the attributes it was set with (a `__Host-` cookie needs them all).
  const clearCookieHeader = stringifySetCookie({
    name: deps.cookieName,
    value: '',
    expires: new Date(0),
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
  });

  // The store key is a SHA-256 of the cookie's id; remembered per id so a busy session does not
  // hash on every request. Bounded like the opened sessions.
  const keys = new Map<string, string>();
  const keyOf = (id: string): string => {
    let key = keys.get(id);
    if (key === undefined) {
      if (keys.size >= maxCached) keys.delete(keys.keys().next().value!);
      key = storeKey(id);
      keys.set(id, key);
    }
    return key;
  };

  return {
    /** The session named by a request's `Cookie` header, if it is live and intact. */
    async read(cookieHeader: string | undefined): Promise<ProxySession | undefined> {
      if (!cookieHeader) return undefined;
      const id = parseCookie(cookieHeader)[deps.cookieName];
      if (!id) return undefined;
      const key = keyOf(id);
      const record = await guard(() => deps.store.get(key));
      if (!record) {
        opened.delete(key);
        return undefined;
      }
      const cached = opened.get(key);
      if (cached && cached.sealed === record.data) return { key, session: cached.session };
      const session = deps.codec.decode(key, record) as SessionData | undefined;
      if (!session || typeof session.sub !== 'string' || !session.tokens) {
        // Tampered, or sealed with a secret no longer configured: no session, and no record.
        opened.delete(key);
        await guard(() => deps.store.destroy(key));
        return undefined;
      }
      if (opened.size >= maxCached) opened.delete(opened.keys().next().value!);
      opened.set(key, { sealed: record.data, session });
      return { key, session };
    },
    /** The `Set-Cookie` value that tells the browser to drop the session cookie. */
    clearCookieHeader,
  };
}

export type SessionReader = ReturnType<typeof createSessionReader>;
