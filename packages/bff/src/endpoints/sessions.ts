import type { Context, Middleware } from 'koa';
import type { SessionsResponse } from '@cloakroom/contract';
import { BffError } from '../errors/bff-error.ts';
import { noStore } from '../middleware/no-store.ts';
import { requireCsrfHeader } from '../middleware/require-csrf-header.ts';
import { currentSession } from '../session/session-data.ts';
import { sessionLifetime, type LifetimeKeeper } from '../session/session-lifetime.ts';
import type { UserSessions } from '../session/user-sessions.ts';

/**
 * `GET /bff/sessions`: every live session of the logged-in user, newest first, each by its
 * handle (never its cookie value or store key), with when it began, when it was last used, the
 * browser that logged in, and whether it is the one asking. Read from the shared store, so
 * sessions made on any instance show.
 */
export function sessions(deps: {
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
    listSessions,
  ];

  async function listSessions(ctx: Context) {
    const session = currentSession(ctx);
    if (!session) throw new BffError('unauthenticated');
    const listed = await deps.sessions.listKeyed(session.sub);
    const body: SessionsResponse = {
      sessions: listed.map(({ storeKey, ...summary }) => ({
        ...summary,
        current: storeKey === session.storeKey,
      })),
    };
    ctx.body = body;
  }
}
