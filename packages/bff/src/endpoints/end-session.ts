import type { Context, Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { noStore } from '../middleware/no-store.ts';
import { requireCsrfHeader } from '../middleware/require-csrf-header.ts';
import { currentSession } from '../session/session-data.ts';
import { isWellFormedHandle } from '../session/session-handle.ts';
import { sessionLifetime, type LifetimeKeeper } from '../session/session-lifetime.ts';
import type { UserSessions } from '../session/user-sessions.ts';

/**
 * `DELETE /bff/sessions/<id>`: ends one session of the logged-in user, found by its handle among
 * that user's own sessions only, so another user's handle, an unknown one and a malformed one
 * are all the same `404 not_found`. The record goes from the shared store (every instance stops
 * honouring it at once), its refresh token is revoked in the background, and its session-ended
 * listeners run. Ending the asking browser's own session is allowed: its cookie is cleared too.
 */
export function endSession(deps: {
  allowedOrigins: ReadonlySet<string>;
  session: Middleware;
  lifetime: LifetimeKeeper;
  sessions: UserSessions;
}): Middleware[] {
  return [
    noStore,
    requireCsrfHeader(deps.allowedOrigins),
    deps.session,
    sessionLifetime(deps.lifetime),
    endOne,
  ];

  async function endOne(ctx: Context) {
    const session = currentSession(ctx);
    if (!session) throw new BffError('unauthenticated');
    const id = (ctx as Context & { params?: { id?: string } }).params?.id ?? '';
    const notFound = () => new BffError('not_found', 'You have no session with this id.');
    if (!isWellFormedHandle(id)) throw notFound();
    const result = await deps.sessions.end(session.sub, id);
    if (!result.ended) throw notFound();
    if (result.storeKey === session.storeKey) ctx.session = null;
    ctx.status = 204;
  }
}
