import type { Context, Middleware } from 'koa';
import type { Logger } from '../observability/logger.ts';
import { guard, type SessionCodec } from './koa-session-store.ts';
import { currentSession, useLifetimeRules, type SessionData } from './session-data.ts';
import { sessionExpiry, type LifetimeRules } from './session-expiry.ts';
import type { SessionStore } from './session-store.ts';

const endedKey = Symbol('cloakroom.sessionEnded');

/** Whether this request came with a session that has just ended (idle or absolute timeout). */
export function sessionJustEnded(ctx: Context): boolean {
  return (ctx.state as Record<symbol, unknown>)[endedKey] === true;
}

/**
 * Enforces session lifetimes on the server, on every request that uses the session: an idle
 * timeout (sliding) and an absolute lifetime. An ended session is destroyed and its cookie
 * cleared; the request continues as anonymous and endpoints answer as for no session.
 *
 * Use is recorded at most once per `touchIntervalMs` (not on every request: a write per proxied
 * call would cost a store round trip each time), by compare-and-set on the stored record, so it
 * can neither undo a concurrent token refresh nor revive a session that was just logged out.
 * Requests with `?passive=1` (the SPA polling its state) do not count as use.
 */
export function sessionLifetime(deps: {
  store: SessionStore;
  codec: SessionCodec;
  rules: LifetimeRules;
  now: () => number;
  logger: Logger;
}): Middleware {
  const touchIntervalMs = Math.min(60_000, Math.floor(deps.rules.idleTimeoutMs / 10));

  async function touch(key: string, at: number): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const record = await guard(() => deps.store.get(key));
      if (!record) return;
      const session = deps.codec.decode(key, record) as
        (SessionData & Record<string, unknown>) | undefined;
      if (!session) return;
      const updated = { ...session, lastSeenAt: at };
      const expiresAt = sessionExpiry(updated, deps.rules);
      if (
        await guard(() =>
          deps.store.replace(key, deps.codec.encode(key, updated, expiresAt), record.version),
        )
      )
        return;
    }
  }

  return async function enforceSessionLifetime(ctx, next) {
    useLifetimeRules(ctx, deps.rules);
    const session = currentSession(ctx);
    if (session) {
      const now = deps.now();
      if (session.expiresAt <= now) {
        await guard(() => deps.store.destroy(session.storeKey));
        ctx.session = null;
        (ctx.state as Record<symbol, unknown>)[endedKey] = true;
      } else if (ctx.query.passive !== '1' && now - session.lastSeenAt >= touchIntervalMs) {
        await touch(session.storeKey, now).catch((error: unknown) => {
          deps.logger.warn(
            { code: (error as { code?: string }).code },
            'could not record session use',
          );
        });
      }
    }
    await next();
  };
}
