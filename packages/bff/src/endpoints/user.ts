import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { currentSession } from '../session/session-data.ts';
import type { LifetimeKeeper } from '../session/session-lifetime.ts';

/** `GET /bff/user`: who is logged in and until when, for the SPA. Never a token. */
export function user(lifetime: LifetimeKeeper): Middleware {
  return async function describeUser(ctx) {
    const session = currentSession(ctx);
    if (!session) throw new BffError('unauthenticated');
    ctx.body = {
      sub: session.sub,
      claims: session.claims,
      expiresAt: Math.floor(lifetime.expiry(session) / 1000),
    };
  };
}
