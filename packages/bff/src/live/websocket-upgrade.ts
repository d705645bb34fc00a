import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { BffError } from '../errors/bff-error.ts';
import { toBffError } from '../errors/error-handler.ts';
import { pathOnly } from '../errors/answer-error.ts';
import type { Logger } from '../observability/logger.ts';
import { matchedRoute, type RoutedRequest } from '../observability/request-route.ts';
import { traceUpgrade, type HandshakeHandler } from '../observability/traced-upgrade.ts';
import type { Tracing } from '../observability/tracing.ts';
import type { ResolvedRoute, RouteTable } from '../proxy/route-table.ts';
import type { createRouteTokens } from '../proxy/route-tokens.ts';
import { checkRequestTarget, joinUpstreamPath } from '../proxy/upstream-path.ts';
import { answerOnSocket } from './answer-on-socket.ts';
import { openUpstreamWebSocket } from './upstream-websocket.ts';
import { bridge } from './websocket-bridge.ts';
import type { Live } from './live.ts';
import type { CloseReason } from './live-connections.ts';

/** Node's `'upgrade'` listener signature. */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface WebSocketUpgradeDeps {
  routes: RouteTable;
  routeTokens: ReturnType<typeof createRouteTokens>;
  live: Live;
  publicUrl: URL;
  logger: Logger;
  answerHeaders: Readonly<Record<string, string>>;
  clientIp(req: IncomingMessage): string;
  /** How long the upstream has to complete its handshake. */
  handshakeTimeoutMs: number;
  /** When set, each handshake gets a server span and the upstream's a client span. */
  tracing?: Tracing;
}

/**
 * Proxies WebSocket upgrades on routes with `"websocket": true`, with the route's token.
 *
 * A browser sends the session cookie with a WebSocket handshake but cannot add `X-CSRF`, and a
 * WebSocket is not bound by CORS: any site could open one to us with the user's cookie
 * (cross-site WebSocket hijacking). So the handshake's `Origin`, which browsers always send and
 * scripts cannot set, must be exactly `PUBLIC_URL`'s origin (and `Sec-Fetch-Site`, when sent,
 * `same-origin`); otherwise `403` before any upstream connection. In order: the target is
 * checked as for any API request (400); no route is 404; a route without `websocket` is
 * `400 upgrade_not_allowed`; a route that does not allow GET is 405; a foreign origin is 403;
 * past a connection cap 429; no session on a `user` route 401. Then the upstream handshake is
 * made first, so that its refusal or absence answers the browser with a plain HTTP error (502,
 * or the upstream's own 401/403/404) rather than an opened-then-closed socket.
 *
 * Frames are not parsed by hand: `ws` (the Node WebSocket library most servers use) does it on
 * both sides; see `bridge` for back-pressure and closes.
 *
 * @example
 * server.on('upgrade', webSocketUpgrade(deps));
 */
export function webSocketUpgrade(deps: WebSocketUpgradeDeps) {
  // One frame limit per route: `bodyLimit` bounds a message as it bounds a request body.
  const servers = new Map<ResolvedRoute, WebSocketServer>();
  const serverFor = (route: ResolvedRoute, protocol: string) => {
    let server = servers.get(route);
    if (!server) {
      server = new WebSocketServer({
        noServer: true,
        maxPayload: route.bodyLimit,
        perMessageDeflate: false,
        handleProtocols: (offered) => (protocol && offered.has(protocol) ? protocol : false),
      });
      servers.set(route, server);
    }
    return server;
  };
  const errorLog = (thrown: unknown, req: IncomingMessage) => {
    const error = toBffError(thrown);
    if (error.status >= 500) {
      deps.logger.warn({ code: error.code, path: pathOnly(req.url) }, 'websocket upgrade failed');
    }
    return error;
  };

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = req.url ?? '';
    if (!url.startsWith('/')) throw new BffError('invalid_path');
    const target = checkRequestTarget(url);
    const match = deps.routes.match(target);
    if (!match) throw new BffError('not_found', 'No API route serves this path.');
    const { route } = match;
    (req as RoutedRequest)[matchedRoute] = route.path; // for the span name
    if (!route.websocket || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      throw new BffError('upgrade_not_allowed');
    }
    if (req.method !== 'GET' || !route.methods.includes('GET')) {
      throw new BffError('method_not_allowed', { headers: { Allow: route.methods.join(', ') } });
    }
    checkWebSocketOrigin(req, deps.publicUrl);
    const attached = await deps.routeTokens.tokenFor(req, route);
    const path = joinUpstreamPath(match.rest, target.query, route.upstreamBasePath);

    // Until the bridge exists, the BFF's close cancels the upstream handshake.
    let endedBefore: CloseReason | undefined;
    let closeLive: (reason: CloseReason) => void = (reason) => {
      endedBefore = reason;
      upstream?.terminate();
    };
    let upstream: WebSocket | undefined;
    const release = deps.live.admit('websocket', attached.live, (reason) => closeLive(reason));
    let bridged = false;
    socket.once('close', () => {
      if (!bridged) {
        upstream?.terminate();
        release();
      }
    });
    try {
      upstream = await openUpstreamWebSocket(req, route, path, attached, deps);
    } catch (error) {
      release();
      throw endedBefore === 'session_ended' ? new BffError('session_expired') : error;
    }
    if (socket.destroyed) {
      upstream.terminate();
      return;
    }
    const opened = upstream;
    serverFor(route, opened.protocol).handleUpgrade(req, socket, head, (browser) => {
      bridged = true;
      closeLive = bridge(browser, opened, release);
    });
  }

  /** One handshake to its end: bridged (101), or refused on the socket with its error. */
  const handshake: HandshakeHandler = async (req, socket, head) => {
    try {
      await upgrade(req, socket, head);
      return { status: 101 };
    } catch (thrown) {
      const error = errorLog(thrown, req);
      answerOnSocket(socket, error, deps.answerHeaders);
      return { status: error.status, code: error.code };
    }
  };
  const handle = deps.tracing ? traceUpgrade(handshake, deps.tracing) : handshake;

  return function webSocketUpgradeListener(req: IncomingMessage, socket: Duplex, head: Buffer) {
    // A socket error before the handshake completes must not become an uncaught exception.
    socket.on('error', () => socket.destroy());
    // `handshake` answers every refusal itself; this is for a throw nobody foresaw (the tracer,
    // say): the browser sees the connection dropped, never a hung socket or a crash.
    handle(req, socket, head).catch(() => socket.destroy());
  };
}

/**
 * Refuses a handshake that a page of another origin started (cross-site WebSocket hijacking):
 * `Origin` must be exactly the app's, and `Sec-Fetch-Site`, when sent, `same-origin`.
 */
function checkWebSocketOrigin(req: IncomingMessage, publicUrl: URL): void {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== publicUrl.origin || (site !== undefined && site !== 'same-origin')) {
    throw new BffError(
      'csrf',
      "WebSocket connections are accepted only from this app's own pages.",
    );
  }
}
