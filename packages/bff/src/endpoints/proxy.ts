import { pipeline } from 'node:stream';
import type { Context } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { checkSameOrigin, isProvenSameOriginRead } from '../middleware/require-csrf-header.ts';
import type { Logger } from '../observability/logger.ts';
import { downstreamHeaders, upstreamHeaders } from '../proxy/forward-headers.ts';
import { isSimpleBody, limitBody } from '../proxy/limit-body.ts';
import type { ResolvedRoute, RouteTable } from '../proxy/route-table.ts';
import { translateUpstreamError, type UpstreamResponse } from '../proxy/upstream-client.ts';
import { checkRequestTarget, upstreamPath } from '../proxy/upstream-path.ts';
import type { LifetimeKeeper } from '../session/session-lifetime.ts';
import type { SessionReader } from '../session/session-reader.ts';
import type { TokenKeeper } from '../tokens/token-keeper.ts';

const noBodyStatus = new Set([204, 304]);
/** Answers up to this size are read whole and sent in one write; larger ones stream. */
const smallBodyBytes = 64 * 1024;

export interface ProxyDeps {
  routes: RouteTable;
  allowedOrigins: ReadonlySet<string>;
  sessions: SessionReader;
  lifetime: LifetimeKeeper;
  tokens: TokenKeeper;
  publicUrl: URL;
  logger: Logger;
}

/**
 * `ANY /api/<rest>`: forwards to the matching route's upstream with the session's access token.
 *
 * This is the hot path of every API call, so it is one function rather than a middleware chain,
 * reads the session without koa-session, and sends small answers in one write. In order:
 * the raw target is checked before routing; no route is 404; a method the route does not allow
 * is 405; a missing `X-CSRF` header (unless the route accepts proven same-origin reads) or a
 * cross-origin request is 403; a body a cross-site form could send without a preflight is 415;
 * no session is `401 unauthenticated` (an ended one `401 session_expired`), never a redirect.
 */
export function proxy(deps: ProxyDeps): (ctx: Context) => Promise<void> {
  return async function forwardToApi(ctx) {
    checkRequestTarget(ctx.url);
    const match = deps.routes.match(ctx.url);
    if (!match) throw new BffError('not_found', 'No API route serves this path.');
    const { route, rest } = match;
    admit(ctx, route, deps.allowedOrigins);
    const path = upstreamPath(rest, route.upstreamBasePath);

    const found = await deps.sessions.read(ctx);
    if (!found) throw new BffError('unauthenticated', 'There is no session; log in first.');
    if (deps.lifetime.hasEnded(found.session)) {
      await deps.lifetime.end(found.key);
      deps.sessions.clearCookie(ctx);
      throw new BffError('session_expired', 'Your session has ended; log in again.');
    }
    const touching = deps.lifetime.touchIfDue(found.key, found.session);
    if (touching) await touching;
    const token =
      deps.tokens.freshAccessToken(found.session.tokens) ??
      (await deps.tokens.accessToken(found.key, found.session.tokens));
    if (!token.ok) {
      if (token.sessionEnded) deps.sessions.clearCookie(ctx);
      throw token.error;
    }

    const body = hasBody(ctx) ? limitBody(ctx.req, route.maxRequestBodyBytes) : undefined;
    // A browser that goes away before the answer cancels the upstream call.
    const abort = new AbortController();
    const onClose = () => {
      if (!ctx.res.writableFinished) abort.abort();
    };
    ctx.res.once('close', onClose);
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
    await respond(ctx, response, deps.logger);
  };
}

function admit(ctx: Context, route: ResolvedRoute, allowedOrigins: ReadonlySet<string>): void {
  if (!route.methods.includes(ctx.method as (typeof route.methods)[number])) {
    throw new BffError('method_not_allowed', 'This method is not allowed here.', {
      headers: { Allow: route.methods.join(', ') },
    });
  }
  if (ctx.get('x-csrf') === '1') checkSameOrigin(ctx, allowedOrigins);
  else if (!(route.sameOriginReads && isProvenSameOriginRead(ctx, allowedOrigins))) {
    throw new BffError('csrf', 'This request needs the X-CSRF: 1 header.');
  }
  if (hasBody(ctx) && !route.simpleBodies && isSimpleBody(ctx.get('content-type') || undefined)) {
    throw new BffError('unsupported_media_type', 'Send a JSON (or other non-form) content type.');
  }
}

function hasBody(ctx: Context): boolean {
  const length = ctx.req.headers['content-length'];
  return length !== undefined ? length !== '0' : ctx.req.headers['transfer-encoding'] !== undefined;
}

/**
 * Sends the upstream's answer. Small bodies are read whole and handed to Koa as a buffer; large
 * ones are piped straight to the socket with `pipeline`, which owns every error of both streams
 * (a browser closing mid-download must never surface as an unhandled stream error).
 */
async function respond(ctx: Context, response: UpstreamResponse, logger: Logger): Promise<void> {
  const headers = downstreamHeaders(response.headers);
  if (noBodyStatus.has(response.statusCode) || ctx.method === 'HEAD') {
    await response.body.dump();
    ctx.status = response.statusCode;
    ctx.set(headers);
    return;
  }
  const declared = response.headers['content-length'];
  const length = typeof declared === 'string' ? Number(declared) : undefined;
  // From here on the answer is written past Koa's response handling, straight to the socket:
  // `writeHead` with the upstream's headers at once instead of one `setHeader` each.
  if (length !== undefined && length <= smallBodyBytes) {
    let body: Buffer;
    try {
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw translateUpstreamError(error);
    }
    ctx.respond = false;
    ctx.status = response.statusCode;
    ctx.res.writeHead(response.statusCode, headers);
    ctx.res.end(body);
    return;
  }
  ctx.respond = false;
  ctx.status = response.statusCode;
  ctx.res.writeHead(response.statusCode, headers);
  pipeline(response.body as NodeJS.ReadableStream, ctx.res, (error) => {
    if (error) logger.debug({ err: { type: error.name } }, 'response stream ended early');
  });
}
