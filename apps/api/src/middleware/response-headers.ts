import type { Context, Next } from 'koa';

/**
 * Per-user data must not be cached by anything between the API and the BFF, and JSON must not
 * be sniffed into something else.
 */
export async function responseHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  await next();
}
