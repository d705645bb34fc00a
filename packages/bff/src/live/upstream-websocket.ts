import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { BffError } from '../errors/bff-error.ts';
import { traceUpstreamHandshake } from '../observability/traced-upgrade.ts';
import { upstreamHeaders } from '../proxy/forward-headers.ts';
import type { ResolvedRoute } from '../proxy/route-table.ts';
import type { AttachedToken } from '../proxy/route-tokens.ts';
import type { WebSocketUpgradeDeps } from './websocket-upgrade.ts';

/**
 * Opens the upstream side of a proxied WebSocket with the route's token (and a DPoP proof for a
 * bound one), the browser's subprotocols and none of its handshake headers; rejects with the
 * BFF error to answer the browser with: the upstream's own 401, 403 or 404, a timeout, or 502.
 *
 * @example
 * const upstream = await openUpstreamWebSocket(req, route, '/echo', attached, deps);
 */
export function openUpstreamWebSocket(
  req: IncomingMessage,
  route: ResolvedRoute,
  path: string,
  attached: AttachedToken,
  deps: Pick<
    WebSocketUpgradeDeps,
    'routeTokens' | 'clientIp' | 'publicUrl' | 'handshakeTimeoutMs' | 'tracing'
  >,
): Promise<WebSocket> {
  const headers = upstreamHeaders(req.headers, {
    accessToken: attached.accessToken,
    tokenType: attached.dpopKey ? 'DPoP' : undefined,
    dpopProof: attached.dpopKey && deps.routeTokens.proveTo(route, 'GET', path, attached),
    clientIp: deps.clientIp(req),
    publicUrl: deps.publicUrl,
  });
  // `ws` makes the handshake headers itself; the browser's would clash with them.
  for (const name of Object.keys(headers))
    if (name.startsWith('sec-websocket-')) delete headers[name];
  const offered = req.headers['sec-websocket-protocol'];
  const protocols = offered
    ? offered
        .split(',')
        .map((protocol) => protocol.trim())
        .filter(Boolean)
    : [];
  const address = `${route.upstreamOrigin.replace(/^http/, 'ws')}${path}`;
  const connect = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const upstream = new WebSocket(address, protocols, {
        headers,
        perMessageDeflate: false,
        followRedirects: false,
        maxPayload: route.bodyLimit,
        handshakeTimeout: deps.handshakeTimeoutMs,
      });
      // Errors after the handshake are handled by the bridge (it listens for 'close').
      upstream.on('error', () => undefined);
      upstream.once('open', () => resolve(upstream));
      upstream.once('unexpected-response', (_request, response) => {
        response.resume();
        upstream.terminate();
        const status = response.statusCode ?? 502;
        reject(
          status === 401 || status === 403 || status === 404
            ? new BffError(
                status === 401 ? 'unauthenticated' : status === 403 ? 'csrf' : 'not_found',
                'The API refused the WebSocket.',
              )
            : new BffError('upstream_unavailable', 'The API did not accept the WebSocket.'),
        );
      });
      upstream.once('error', (error) => {
        reject(
          /timeout/i.test(error.message)
            ? new BffError('upstream_timeout', { cause: error })
            : new BffError('upstream_unavailable', { cause: error }),
        );
      });
    });
  return traceUpstreamHandshake(deps.tracing, route, headers, connect);
}
