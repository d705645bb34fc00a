import { guardStoreCall } from './guard-store-call.ts';
import { readSession } from './read-session.ts';
import type { SessionCodec, SessionJson } from './session-codec.ts';
import type { SessionStore } from './session-store.ts';
import { storeKey } from './store-key.ts';

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
      if (found.session === undefined) await guardStoreCall(() => store.destroy(key));
      return found.session;
    },
    async set(id, session, maxAge) {
      const key = storeKey(id);
      const ttl = typeof maxAge === 'number' ? maxAge : 24 * 60 * 60 * 1000;
      await guardStoreCall(() => store.set(key, codec.encode(key, session, options.now() + ttl)));
    },
    async destroy(id) {
      await guardStoreCall(() => store.destroy(storeKey(id)));
    },
  };
}
