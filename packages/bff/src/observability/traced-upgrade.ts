import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { routeOf } from './request-route.ts';
import { upstreamAttributes, upstreamErrorCode } from './traced-upstream-client.ts';
import { endServerSpan, endWithError, type Tracing } from './tracing.ts';

/** How a WebSocket handshake ended for the browser: `101`, or the refusal's status and code. */
export interface HandshakeOutcome {
  status: number;
  code?: string;
}

/** Handles one upgrade request to the end of its handshake; never rejects. */
export type HandshakeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
) => Promise<HandshakeOutcome>;

/**
 * A WebSocket handshake inside a server span, named by the matched route like any proxied
 * request (`GET /api/live`), with `http.response.status_code` 101 or the refusal's status and,
 * for a refusal, `error.type` = its stable code. The session read, a token refresh and the
 * upstream handshake are its children.
 *
 * The span covers the handshake only, not the connection: a conversation may last hours, and a
 * span that long is useless in a trace view (and lost if the process dies first). What happens
 * after is counted by the `cloakroom_live_*` metrics. Only installed when tracing is configured.
 *
 * @example
 * const handle = traceUpgrade(handshake, tracing);
 */
export function traceUpgrade(handle: HandshakeHandler, tracing: Tracing): HandshakeHandler {
  return async function tracedHandshake(req, socket, head) {
    const span = tracing.startServerSpan('GET /api', req.headers, {
      'http.request.method': 'GET',
    });
    const outcome = await tracing.runWithin(span, () => handle(req, socket, head));
    const route = routeOf(req);
    if (outcome.code !== undefined) span.setAttribute('error.type', outcome.code);
    endServerSpan(span, 'GET', route === 'none' ? undefined : route, outcome.status);
    return outcome;
  };
}

/**
 * The upstream WebSocket handshake as a client span under the current request's span, whose
 * `traceparent` goes into `headers` (the handshake's own), with the attributes of any upstream
 * call. Without tracing, or outside a request's span, `open` runs as is.
 *
 * @example
 * const upstream = await traceUpstreamHandshake(tracing, route, headers, () => connect(headers));
 */
export async function traceUpstreamHandshake<T>(
  tracing: Tracing | undefined,
  route: { path: string; upstreamOrigin: string },
  headers: Record<string, string | string[]>,
  open: () => Promise<T>,
): Promise<T> {
  const span = tracing?.startChildSpan('GET', SpanKind.CLIENT, {
    'http.request.method': 'GET',
    ...upstreamAttributes(route),
  });
  if (!span) return open();
  tracing!.inject(span, headers);
  let opened: T;
  try {
    opened = await open();
  } catch (error) {
    endWithError(span, upstreamErrorCode(error));
    throw error;
  }
  span.setAttribute('http.response.status_code', 101);
  span.end();
  return opened;
}
