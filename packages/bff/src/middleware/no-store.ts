import type { Middleware } from 'koa';

/** Session answers are per user and may change at any time: no cache may keep them. */
export const noStore: Middleware = async function noStore(ctx, next) {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  await next();
};
