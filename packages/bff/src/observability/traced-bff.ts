import type { Context } from 'koa';
import { spanMethod } from './http-method.ts';
import { endServerSpan, type Tracing } from './tracing.ts';

/**
 * A `/bff/*` request inside a server span named by its route (`DELETE /bff/sessions/:id`,
 * never the raw path, which would carry the session handle), with method, route and status.
 * Only installed when tracing is configured.
 *
 * @example
 * const serve = traceBff(serveBff(deps), tracing);
 */
export function traceBff(
  serveBff: (ctx: Context) => Promise<void>,
  tracing: Tracing,
): (ctx: Context) => Promise<void> {
  return async function tracedBffRequest(ctx) {
    const method = spanMethod(ctx.method);
    const span = tracing.startServerSpan(`${method} /bff`, ctx.req.headers, {
      'http.request.method': method,
    });
    try {
      await tracing.runWithin(span, () => serveBff(ctx));
    } finally {
      // Set by @koa/router to the matched route's template; absent for an unknown endpoint.
      const route = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
      endServerSpan(span, method, typeof route === 'string' ? route : undefined, ctx.status);
    }
  };
}
