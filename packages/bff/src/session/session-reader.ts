import { parseCookie, stringifySetCookie } from 'cookie';
import { guardStoreCall } from './guard-store-call.ts';
import type { SessionCodec } from './session-codec.ts';
import { storeKey } from './store-key.ts';
import type { SessionData } from './session-data.ts';
import type { SessionStore } from './session-store.ts';

/** A session as the proxy needs it: its store key and its contents. */
export interface ProxySession {
  key: string;
  session: SessionData;
}

/** Cookie ids remembered at most; the oldest go first. */
const maxCached = 10_000;

/**
 * Reads the session of an `/api` request straight from the store, without koa-session: the
 * proxy never changes a session through it, and koa-session's load-and-compare (it hashes the
 * whole session on load and again before commit) was a tenth of the proxy's CPU.
 *
 * Opened sessions are cached per cookie id **and exact sealed value**: the store is still read on
 * every request (a logout or back-channel logout anywhere takes effect at once), only the
 * decryption of an unchanged record is skipped. Bounded; oldest entries go first.
 */
export function createSessionReader(deps: {
  store: SessionStore;
  codec: SessionCodec;
  cookieName: string;
}) {
  // Per cookie id: its store key (a SHA-256, so a busy session does not hash on every request)
  // and the session last opened from it, with the exact sealed value it came from.
  const known = new Map<string, { key: string; sealed?: string; session?: SessionData }>();
  const forget = (entry: { sealed?: string; session?: SessionData }) => {
    entry.sealed = undefined;
    entry.session = undefined;
  };
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

  return {
    /** The session named by a request's `Cookie` header, if it is live and intact. */
    async read(cookieHeader: string | undefined): Promise<ProxySession | undefined> {
      if (!cookieHeader) return undefined;
      const id = parseCookie(cookieHeader)[deps.cookieName];
      if (!id) return undefined;
      let entry = known.get(id);
      if (entry === undefined) {
        if (known.size >= maxCached) known.delete(known.keys().next().value!);
        entry = { key: storeKey(id) };
        known.set(id, entry);
      }
      const { key } = entry;
      // The cached read (a Redis read cache may answer): this is the per-request read.
      const record = await guardStoreCall(() => deps.store.get(key, { cached: true }));
      if (!record) {
        forget(entry);
        return undefined;
      }
      if (entry.session && entry.sealed === record.data) return { key, session: entry.session };
      const session = deps.codec.decode(key, record) as SessionData | undefined;
      if (!session || typeof session.sub !== 'string' || !session.tokens) {
        // Tampered, or sealed with a secret no longer configured: no session, and no record.
        forget(entry);
        await guardStoreCall(() => deps.store.destroy(key));
        return undefined;
      }
      entry.sealed = record.data;
      entry.session = session;
      return { key, session };
    },
    /** The `Set-Cookie` value that tells the browser to drop the session cookie. */
    clearCookieHeader,
  };
}

export type SessionReader = ReturnType<typeof createSessionReader>;
