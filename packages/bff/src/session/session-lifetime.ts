import type { Middleware } from 'koa';
import type { Logger } from '../observability/logger.ts';
import { guardStoreCall } from './guard-store-call.ts';
import { readSession } from './read-session.ts';
import type { SessionCodec } from './session-codec.ts';
import { currentSession, type SessionData } from './session-data.ts';
import type { SessionEnder } from './session-ender.ts';
import { sessionExpiry, type LifetimeRules } from './session-expiry.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Session lifetimes, enforced on the server on every request that uses the session: an idle
 * timeout (sliding) and an absolute lifetime.
 *
 * Use is recorded at most once per `touchIntervalMs` (not on every request: a write per proxied
 * call would cost a store round trip each time), by compare-and-set on the stored record, so it
 * can neither undo a concurrent token refresh nor revive a session that was just logged out.
 */
export function createLifetimeKeeper(deps: {
  store: SessionStore;
  codec: SessionCodec;
  rules: LifetimeRules;
  now: () => number;
  logger: Logger;
  /** Destroys an ended session and revokes its refresh token. */
  ender: SessionEnder;
}) {
  const touchIntervalMs = Math.min(60_000, Math.floor(deps.rules.idleTimeoutMs / 10));

  async function touch(key: string, at: number): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const found = await readSession(deps.store, deps.codec, key);
      if (!found?.session) return;
      const { record } = found;
      const updated = {
        ...(found.session as SessionData & Record<string, unknown>),
        lastSeenAt: at,
      };
      const written = await guardStoreCall(() =>
        deps.store.replace(
          key,
          deps.codec.encode(key, updated, sessionExpiry(updated, deps.rules)),
          record.version,
        ),
      );
      if (written) return;
    }
  }

  return {
    expiry: (session: Pick<SessionData, 'createdAt' | 'lastSeenAt'>) =>
      sessionExpiry(session, deps.rules),
    /** Whether the session has ended (no I/O). */
    hasEnded: (session: Pick<SessionData, 'createdAt' | 'lastSeenAt'>) =>
      sessionExpiry(session, deps.rules) <= deps.now(),
    /** Removes an ended session from the store and revokes its refresh token (in the background). */
    async end(key: string): Promise<void> {
      await deps.ender.end(key, 'expired');
    },
    /**
     * Records use when the last record is older than the touch interval. Never fails the request.
     * Returns nothing (not even a promise) when no write is due: the proxy's common case.
     */
    touchIfDue(key: string, session: Pick<SessionData, 'lastSeenAt'>): Promise<void> | undefined {
      const now = deps.now();
      if (now - session.lastSeenAt < touchIntervalMs) return undefined;
      return touch(key, now).catch((error: unknown) => {
        deps.logger.warn(
          { code: (error as { code?: string }).code },
          'could not record session use',
        );
      });
    },
  };
}

export type LifetimeKeeper = ReturnType<typeof createLifetimeKeeper>;

/**
 * The lifetime rules for koa-session-backed routes (`/bff/user`): an ended session is destroyed
 * and its cookie cleared, and the request continues as anonymous. `?passive=1` (the SPA polling
 * its state) does not count as use.
 */
export function sessionLifetime(keeper: LifetimeKeeper): Middleware {
  return async function enforceSessionLifetime(ctx, next) {
    const session = currentSession(ctx);
    if (session) {
      if (keeper.hasEnded(session)) {
        await keeper.end(session.storeKey);
        ctx.session = null;
      } else if (ctx.query.passive !== '1') {
        await keeper.touchIfDue(session.storeKey, session);
      }
    }
    await next();
  };
}
