import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { answerError } from '../errors/answer-error.ts';
import { BffError } from '../errors/bff-error.ts';
import { checkSameOrigin, isProvenSameOriginRead } from '../middleware/require-csrf-header.ts';
import { isEventStreamAnswer, isEventStreamRequest, type Live } from '../live/live.ts';
import type { Logger } from '../observability/logger.ts';
import { matchedRoute, type RoutedRequest } from '../observability/request-route.ts';
import { downstreamHeaders, upstreamHeaders } from '../proxy/forward-headers.ts';
import { isSimpleBody, limitBody } from '../proxy/limit-body.ts';
import type { ResolvedRoute, RouteTable } from '../proxy/route-table.ts';
import { createRouteTokens, type RouteTokenDeps } from '../proxy/route-tokens.ts';
import { translateUpstreamError, type UpstreamResponse } from '../proxy/upstream-client.ts';
import { readStepUp, stepUpBody } from '../proxy/step-up-challenge.ts';
import { checkRequestTarget, joinUpstreamPath } from '../proxy/upstream-path.ts';

const noBodyStatus = new Set([204, 304]);

/** Answers up to this size are read whole and sent in one write; larger ones stream. */
const smallBodyBytes = 64 * 1024;

export interface ProxyDeps extends RouteTokenDeps {
  routes: RouteTable;
  allowedOrigins: ReadonlySet<string>;
  publicUrl: URL;
  logger: Logger;
  /** Headers on every answer (the security headers). */
  answerHeaders: Readonly<Record<string, string>>;
  clientIp(req: IncomingMessage): string;
  /** Live connections: event streams are registered here, to close when their session ends. */
  live: Live;
}

/** Serves one `/api` request on the raw Node request and response; never rejects. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * `ANY /api/<rest>`: forwards to the matching route's upstream with the route's token: the
 * session's (`user`, `user-or-none`; per resource when the route names one), the BFF's own
 * client-credentials token (`client`), or none.
 *
 * This is the hot path of every API call, so it works on Node's request and response directly
 * (no Koa context, no middleware chain, no koa-session) and sends small answers in one write.
 * In order: the raw target is checked before routing; no route is 404; a method the route does
 * not allow is 405; a missing `X-CSRF` header (unless the route accepts proven same-origin reads)
 * or a cross-origin request is 403; a body a cross-site form could send without a preflight is
 * 415; no session on a `user` route is `401 unauthenticated` (an ended one `401 session_expired`,
 * which also clears the cookie), never a redirect. Every refusal is the contract's JSON error.
 */
export function proxy(deps: ProxyDeps): ApiHandler {
  const { tokenFor, proveTo } = createRouteTokens(deps);
  const errorDeps = { logger: deps.logger, headers: deps.answerHeaders };
  const clearingAnswer = {
    logger: deps.logger,
    answerHeaders: { ...deps.answerHeaders, 'Set-Cookie': deps.sessions.clearCookieHeader },
  };

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '';
    // Absolute-form targets (`GET http://host/api/x`) are refused before any routing.
    if (!url.startsWith('/')) throw new BffError('invalid_path');
    const target = checkRequestTarget(url);
    const match = deps.routes.match(target);
    if (!match) throw new BffError('not_found', 'No API route serves this path.');
    const { route } = match;
    if (req.headers.upgrade?.toLowerCase() === 'websocket') {
      // A host that did not attach `upgradeListener` hands upgrades to the request listener.
      throw new BffError(
        'upgrade_not_allowed',
        route.websocket
          ? 'WebSocket upgrades are not served by this server.'
          : 'This route does not accept WebSocket upgrades.',
      );
    }
    (req as RoutedRequest)[matchedRoute] = route.path; // for the metrics and the span name
    const withBody = hasBody(req);
    admit(req, route, deps.allowedOrigins, withBody);
    const path = joinUpstreamPath(match.rest, target.query, route.upstreamBasePath);
    const attached = await tokenFor(req, route);
    const method = req.method ?? 'GET';
    // A browser that goes away before the answer cancels the upstream call.
    const abort = new AbortController();
    // An event stream is a live connection: capped, and ended with its session. Until the
    // upstream answers, ending it cancels the upstream call; then it ends the stream.
    let stream: LiveStream | undefined;
    if (isEventStreamRequest(method, req.headers.accept)) {
      const opened: LiveStream = { end: () => abort.abort(new BffError('session_expired')) };
      stream = opened;
      res.once(
        'close',
        deps.live.admit('event_stream', attached.live, () => opened.end()),
      );
    }

    const body = withBody ? limitBody(req, route.bodyLimit) : undefined;
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    const send = () =>
      (stream ? route.streamClient : route.client).request({
        method,
        path,
        headers: upstreamHeaders(req.headers, {
          accessToken: attached.accessToken,
          tokenType: attached.dpopKey ? 'DPoP' : undefined,
          dpopProof: attached.dpopKey && proveTo(route, method, path, attached),
          clientIp: deps.clientIp(req),
          publicUrl: deps.publicUrl,
        }),
        body,
        signal: abort.signal,
        // An event stream may be quiet for long: its own limit, not the body idle timeout.
        ...(stream ? { bodyTimeout: deps.live.streamIdleTimeoutMs } : {}),
      });
    let response = await send();
    if (attached.dpopKey) {
      // RFC 9449 §9: an upstream may ask for (or rotate) its nonce on any answer. A request
      // without a body is sent once more with it; one with a body has been consumed.
      const asked = deps.dpop!.nonces.learn(route.upstreamOrigin, response);
      if (asked && !withBody) {
        await response.body.dump();
        response = await send();
        deps.dpop!.nonces.learn(route.upstreamOrigin, response);
      }
    }
    await respond(req, res, response, attached.clearCookie ? clearingAnswer : deps, stream);
  }

  return async function forwardToApi(req, res) {
    try {
      await forward(req, res);
    } catch (thrown) {
      answerError(req, res, thrown, errorDeps);
    }
  };
}

function admit(
  req: IncomingMessage,
  route: ResolvedRoute,
  allowedOrigins: ReadonlySet<string>,
  withBody: boolean,
) {
  const method = req.method ?? '';
  if (!route.methods.includes(method as (typeof route.methods)[number])) {
    throw new BffError('method_not_allowed', {
      headers: { Allow: route.methods.join(', ') },
    });
  }
  if (req.headers['x-csrf'] === '1') checkSameOrigin(req.headers, allowedOrigins);
  else if (!(
    route.sameOriginReads && isProvenSameOriginRead(method, req.headers, allowedOrigins)
  )) {
    throw new BffError('csrf');
  }
  if (withBody && !route.simpleBodies && isSimpleBody(req.headers['content-type'])) {
    throw new BffError('unsupported_media_type', 'Send a JSON (or other non-form) content type.');
  }
}

/** How the BFF ends a live event stream (its session ended, or shutdown). */
interface LiveStream {
  end(): void;
}

/**
 * Relays an event stream as it comes: headers at once (a proxy in front told not to buffer),
 * each chunk written as it arrives, with `pipe`'s back-pressure (a slow browser pauses the
 * upstream, nothing piles up here). When the BFF ends the stream (its session ended), the
 * upstream is let go and the browser's stream ends cleanly, so `EventSource` reconnects, gets
 * `401`, and stops.
 */
function relayEvents(
  res: ServerResponse,
  response: UpstreamResponse,
  headers: Record<string, string | string[]>,
  stream: LiveStream,
  logger: Logger,
): void {
  const body = response.body as unknown as import('node:stream').Readable;
  res.writeHead(response.statusCode, {
    ...headers,
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  body.pipe(res);
  body.once('error', (error: Error) => {
    logger.debug({ err: { type: error.name } }, 'event stream ended early');
    res.destroy();
  });
  res.once('close', () => body.destroy());
  stream.end = () => {
    body.unpipe(res);
    body.destroy();
    res.end();
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
}

/**
 * Sends the upstream's answer with our headers (they win over the upstream's). Small bodies are
 * read whole and sent with the headers in one write; large ones are piped with `pipeline`,
 * which owns every error of both streams (a browser closing mid-download must never surface as
 * an unhandled stream error).
 *
 * An upstream `401` that asks for a stronger login (RFC 9470) becomes `401 step_up_required`
 * with the `acrValues`/`maxAge` to log in with. Only a 401's header is looked at.
 */
async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  response: UpstreamResponse,
  deps: Pick<ProxyDeps, 'answerHeaders' | 'logger'>,
  stream?: LiveStream,
): Promise<void> {
  if (response.statusCode === 401) {
    const stepUp = readStepUp(response.headers['www-authenticate']);
    if (stepUp) {
      await response.body.dump();
      const body = JSON.stringify(stepUpBody(stepUp));
      res.writeHead(401, {
        ...deps.answerHeaders,
        'cache-control': 'no-store',
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
  }
  const headers = Object.assign(downstreamHeaders(response.headers), deps.answerHeaders);
  if (noBodyStatus.has(response.statusCode) || req.method === 'HEAD') {
    await response.body.dump();
    res.writeHead(response.statusCode, headers);
    res.end();
    return;
  }
  const declared = response.headers['content-length'];
  const length = typeof declared === 'string' ? Number(declared) : undefined;
  if (length !== undefined && length <= smallBodyBytes) {
    let body: Buffer;
    try {
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw translateUpstreamError(error);
    }
    res.writeHead(response.statusCode, headers);
    res.end(body);
    return;
  }
  if (stream && isEventStreamAnswer(response.headers['content-type'])) {
    relayEvents(res, response, headers, stream, deps.logger);
    return;
  }
  res.writeHead(response.statusCode, headers);
  pipeline(response.body as NodeJS.ReadableStream, res, (error) => {
    if (error) deps.logger.debug({ err: { type: error.name } }, 'response stream ended early');
  });
}
