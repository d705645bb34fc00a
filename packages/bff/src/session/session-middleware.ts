import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import createSession from 'koa-session';
import { randomId } from '../crypto/random-id.ts';
import { createKoaSessionStore } from './koa-session-store.ts';
import type { SessionCodec } from './session-codec.ts';
import type { SessionStore } from './session-store.ts';

/**
 * koa-session for the `/bff/*` endpoints, with an external store: the cookie holds only a random
 * id (256 bits), never the session (koa-session's default cookie-stored session would put the
 * tokens in the browser). A `__Host-` cookie: HttpOnly, Secure, SameSite=Strict, not signed (the
 * id is unguessable and the store key is its hash), never rolled or renewed.
 *
 * @example
 * const session = sessionMiddleware({ cookieName, store, codec, maxAgeMs, now }, app);
 * router.get('/bff/user', session, describeUser);
 */
export function sessionMiddleware(
  options: {
    cookieName: string;
    store: SessionStore;
    codec: SessionCodec;
    maxAgeMs: number;
    now: () => number;
  },
  app: Koa,
): Middleware {
  return createSession(
    {
      key: options.cookieName,
      store: createKoaSessionStore(options.store, options.codec, { now: options.now }),
      genid: () => randomId(32),
      maxAge: options.maxAgeMs,
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      signed: false,
      overwrite: true,
      rolling: false,
      renew: false,
      autoCommit: true,
      valid: (_ctx: Context, data: Record<string, unknown>) => typeof data.sub === 'string',
    } as Parameters<typeof createSession>[0],
    app,
  );
}
