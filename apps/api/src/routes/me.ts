import type { Context } from 'koa';
import { principalOf } from '../auth/require-bearer.ts';

/** `GET /me`: who the access token says is calling. */
export function getMe(ctx: Context): void {
  const { sub, scope } = principalOf(ctx);
  ctx.body = { sub, scope };
}
