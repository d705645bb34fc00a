import type { Middleware } from 'koa';

/**
 * The session and login cookies are always `Secure` (the `__Host-` prefix demands it). Koa refuses
 * to set a Secure cookie on a request it did not see arrive over TLS, which is every request
 * behind a TLS-terminating proxy and on `http://localhost` in development, where browsers accept
 * Secure cookies. The decision to mark cookies Secure is ours, so tell Koa so.
 */
export const secureCookies: Middleware = async function secureCookies(ctx, next) {
  ctx.cookies.secure = true;
  await next();
};
