import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { currentSession } from '../session/session-data.ts';

/** `GET /bff/user`: who is logged in, for the SPA. Never a token. */
export const user: Middleware = async function describeUser(ctx) {
  const session = currentSession(ctx);
  if (!session) throw new BffError('unauthenticated', 'There is no session; log in first.');
  ctx.body = {
    sub: session.sub,
    claims: session.claims,
    expiresAt: Math.floor(session.expiresAt / 1000),
  };
};
