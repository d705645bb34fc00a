import type { Context, Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { checkSameOrigin, isProvenSameOriginRead } from '../middleware/require-csrf-header.ts';
import { downstreamHeaders, upstreamHeaders } from '../proxy/forward-headers.ts';
import { isSimpleBody, limitBody } from '../proxy/limit-body.ts';
import type { RouteTable } from '../proxy/route-table.ts';
import { checkRequestTarget, upstreamPath } from '../proxy/upstream-path.ts';
import { currentSession } from '../session/session-data.ts';
import { sessionJustEnded } from '../session/session-lifetime.ts';
import type { TokenKeeper } from '../tokens/token-keeper.ts';

const noBodyStatus = new Set([204, 304]);

/**
 * Checks an `/api` request against the route table and the CSRF rules before any session work:
 * no route is 404, a method the route does not allow is 405, a missing `X-CSRF` header (unless
 * the route allows proven same-origin reads) or a cross-origin request is 403, and a body that a
 * cross-site form could send without a preflight is 415.
 */
export function admitApiRequest(deps: {
  routes: RouteTable;
  allowedOrigins: ReadonlySet<string>;
}): Middleware {
  return async function admit(ctx, next) {
    checkRequestTarget(ctx.url);
    const match = deps.routes.match(ctx.url);
    if (!match) throw new BffError('not_found', 'No API route serves this path.');
    const { route } = match;
    if (!route.methods.includes(ctx.method as (typeof route.methods)[number])) {
      throw new BffError('method_not_allowed', 'This method is not allowed here.', {
        headers: { Allow: route.methods.join(', ') },
      });
    }
    if (ctx.get('x-csrf') === '1') checkSameOrigin(ctx, deps.allowedOrigins);
    else if (!(route.sameOriginReads && isProvenSameOriginRead(ctx, deps.allowedOrigins))) {
      throw new BffError('csrf', 'This request needs the X-CSRF: 1 header.');
    }
    if (hasBody(ctx) && !route.simpleBodies && isSimpleBody(ctx.get('content-type') || undefined)) {
      throw new BffError('unsupported_media_type', 'Send a JSON (or other non-form) content type.');
    }
    (ctx.state as Record<symbol, unknown>)[matchKey] = match;
    await next();
  };
}

const matchKey = Symbol('cloakroom.route');

function hasBody(ctx: Context): boolean {
  return ctx.req.headers['content-length'] !== undefined
    ? ctx.req.headers['content-length'] !== '0'
    : ctx.req.headers['transfer-encoding'] !== undefined;
}

/**
 * `ANY /api/<rest>`: forwards to the route's upstream as `/<rest>` with the session's access
 * token, streaming both bodies. No session is `401 unauthenticated`, never a redirect: the
 * caller is a script, not a page.
 */
export function proxy(deps: {
  tokens: TokenKeeper;
  publicUrl: URL;
  onSessionEnded: (ctx: Context) => void;
}): Middleware {
  return async function forwardToApi(ctx) {
    const { route, rest } = (ctx.state as Record<symbol, unknown>)[matchKey] as NonNullable<
      ReturnType<RouteTable['match']>
    >;
    const path = upstreamPath(rest, route.upstreamBasePath);
    const session = currentSession(ctx);
    if (!session) {
      if (sessionJustEnded(ctx))
        throw new BffError('session_expired', 'Your session has ended; log in again.');
      throw new BffError('unauthenticated', 'There is no session; log in first.');
    }

    const token = await deps.tokens.accessToken(session.storeKey, session.tokens);
    if (!token.ok) {
      if (token.sessionEnded) deps.onSessionEnded(ctx);
      throw token.error;
    }

    const body = hasBody(ctx) ? limitBody(ctx.req, route.maxRequestBodyBytes) : undefined;
    // A browser that goes away cancels the upstream call instead of leaving it running.
    const abort = new AbortController();
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) abort.abort();
    });
    const response = await route.client.request({
      method: ctx.method,
      path,
      headers: upstreamHeaders(ctx.req.headers, {
        accessToken: token.accessToken,
        clientIp: ctx.ip,
        publicUrl: deps.publicUrl,
      }),
      body,
      signal: abort.signal,
    });

    ctx.status = response.statusCode;
    ctx.set(downstreamHeaders(response.headers));
    if (noBodyStatus.has(response.statusCode) || ctx.method === 'HEAD') {
      await response.body.dump();
      return;
    }
    const length = response.headers['content-length'];
    ctx.body = response.body;
    if (typeof length === 'string') ctx.length = Number(length);
  };
}
