import type { Context, Middleware } from 'koa';
import compose from 'koa-compose';
import { BffError } from '../errors/bff-error.ts';
import { errorHandler } from '../errors/error-handler.ts';
import { securityHeaders } from '../middleware/security-headers.ts';
import { secureCookies } from '../middleware/secure-cookies.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * Serves one `/bff/*` request through Koa: every failure as the contract's JSON error, the
 * security headers, Secure cookies, then the routes; and one access log line.
 *
 * @example
 * const serve = serveBff({ routes: bffRoutes(table), publicUrl, logger });
 * if (ctx.path.startsWith('/bff/')) await serve(ctx);
 */
export function serveBff(deps: {
  routes: Middleware;
  publicUrl: URL;
  logger: Logger;
}): (ctx: Context) => Promise<void> {
  const { routes, logger } = deps;
  const outer = compose([
    errorHandler(logger),
    securityHeaders(deps.publicUrl),
    secureCookies,
  ] as Middleware[]);
  return async function serveBffRequest(ctx) {
    const path = ctx.path;
    const started = performance.now();
    await outer(ctx, async () => {
      // Absolute-form targets (`GET http://host/bff/x`) are refused before any routing.
      if (!ctx.url.startsWith('/')) throw new BffError('invalid_path');
      await routes(ctx, async () => {});
    });
    // Method and path only: never the query string (the callback's carries the code).
    logger.info(
      { method: ctx.method, path, status: ctx.status, ms: Math.round(performance.now() - started) },
      'bff',
    );
  };
}
