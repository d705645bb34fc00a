import type { Context, Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';
import { downstreamHeaders, upstreamHeaders } from '../proxy/forward-headers.ts';
import type { UpstreamClient } from '../proxy/upstream-client.ts';
import { upstreamPath } from '../proxy/upstream-path.ts';
import { currentSession } from '../session/session-data.ts';
import { sessionJustEnded } from '../session/session-lifetime.ts';
import type { TokenKeeper } from '../tokens/token-keeper.ts';

const noBodyStatus = new Set([204, 304]);

/**
 * `ANY /api/<rest>`: forwards to the upstream as `/<rest>` with the session's access token.
 * No session is `401 unauthenticated`, never a redirect: the caller is a script, not a page.
 */
export function proxy(deps: {
  prefix: string;
  upstream: UpstreamClient;
  upstreamBasePath: string;
  tokens: TokenKeeper;
  publicUrl: URL;
  onSessionEnded: (ctx: Context) => void;
}): Middleware {
  return async function forwardToApi(ctx) {
    const path = upstreamPath(ctx.url.slice(deps.prefix.length), deps.upstreamBasePath);
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

    const abort = new AbortController();
    // A browser that goes away cancels the upstream call instead of leaving it running.
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) abort.abort();
    });
    const hasBody =
      ctx.req.headers['content-length'] !== undefined ||
      ctx.req.headers['transfer-encoding'] !== undefined;
    const response = await deps.upstream.request({
      method: ctx.method,
      path,
      headers: upstreamHeaders(ctx.req.headers, {
        accessToken: token.accessToken,
        clientIp: ctx.ip,
        publicUrl: deps.publicUrl,
      }),
      body: hasBody ? ctx.req : undefined,
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
