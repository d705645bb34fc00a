import type { Context, Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { noStore } from '../middleware/no-store.ts';
import { requireCsrfHeader } from '../middleware/require-csrf-header.ts';
import { currentSession } from '../session/session-data.ts';
import { sessionLifetime, type LifetimeKeeper } from '../session/session-lifetime.ts';

/**
 * `GET /bff/user`: who is logged in and until when, for the SPA. Never a token. An ended session
 * is removed first (the answer is then 401); a call counts as use unless `?passive=1`.
 */
export function user(deps: {
  allowedOrigins: ReadonlySet<string>;
  session: Middleware;
  lifetime: LifetimeKeeper;
}): Middleware[] {
  const { lifetime } = deps;
  return [
    noStore,
    requireCsrfHeader(deps.allowedOrigins),
    deps.session,
    sessionLifetime(lifetime),
    describeUser,
  ];

  async function describeUser(ctx: Context) {
    const session = currentSession(ctx);
    if (!session) throw new BffError('unauthenticated');
    ctx.body = {
      sub: session.sub,
      claims: session.claims,
      expiresAt: Math.floor(lifetime.expiry(session) / 1000),
    };
  }
}
