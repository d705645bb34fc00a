import type { ApiErrorBody } from '@cloakroom/contract';
import type { Context, Next } from 'koa';
import { ApiError } from '../api-error.ts';

/** Every 401 says why in the contract's words (RFC 6750 §3). */
const WWW_AUTHENTICATE = 'Bearer error="invalid_token"';

/**
 * Turns anything thrown below it, and an unanswered request, into the API's JSON error shape.
 * Unexpected errors become a generic 500 whose details go to the log, never to the client.
 *
 * @example
 * ```ts
 * app.use(jsonErrors);
 * ```
 */
export async function jsonErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.body === undefined && ctx.status === 405) {
      throw new ApiError('method_not_allowed', 405, `${ctx.method} is not allowed on ${ctx.path}`);
    }
    if (ctx.body === undefined && ctx.status === 404) {
      throw new ApiError('not_found', 404, `no route for ${ctx.method} ${ctx.path}`);
    }
  } catch (err) {
    const error =
      err instanceof ApiError
        ? err
        : new ApiError('server_error', 500, 'the API failed unexpectedly', { cause: err });
    if (error.code === 'server_error') {
      console.error('api: unexpected error:', err instanceof Error ? err.message : err);
    }
    ctx.status = error.status;
    ctx.body = { error: error.code, message: error.message } satisfies ApiErrorBody;
    if (error.status === 401) ctx.set('WWW-Authenticate', error.challenge ?? WWW_AUTHENTICATE);
    if (error.status === 503) ctx.set('Retry-After', '5');
    // Over the defaults: a DPoP challenge replaces the Bearer one, a nonce comes with it.
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  }
}
