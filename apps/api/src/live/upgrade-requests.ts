// An HTTP upgrade (WebSocket) reaches Node as the server's 'upgrade' event with the raw socket,
// not as a request with a response. serveUpgrades (start-api.ts) gives it a response on that
// socket and runs it through the Koa app like any request, so the same middleware — the token
// check above all — decides; a route that accepts the upgrade takes the socket back from here.
import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

const pending = new WeakMap<IncomingMessage, { socket: Duplex; head: Buffer }>();

/**
 * Routes every upgrade request of `server` through `handle` (a Koa `callback()`), and returns
 * a function that destroys every upgraded socket still open (for shutting down: an upgraded
 * socket is no longer the HTTP server's, so `closeAllConnections` does not reach it).
 *
 * @example
 * ```ts
 * const closeUpgraded = serveUpgrades(server, app.callback());
 * ```
 */
export function serveUpgrades(
  server: Server,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): () => void {
  const open = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // A client that resets mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    pending.set(req, { socket, head });
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as never);
    // An answer other than the upgrade (401, 404, …) ends the connection once it is written.
    res.once('finish', () => {
      res.detachSocket(socket as never);
      socket.end();
    });
    handle(req, res).catch(() => socket.destroy());
  });
  return () => {
    for (const socket of open) socket.destroy();
  };
}

/**
 * The socket of an upgrade request, taken out of the HTTP response so the caller owns it; or
 * `undefined` when the request asked for no upgrade (a plain GET).
 *
 * @example
 * ```ts
 * const upgrade = takeUpgrade(ctx.req, ctx.res);
 * if (upgrade) wss.handleUpgrade(ctx.req, upgrade.socket, upgrade.head, onConnection);
 * ```
 */
export function takeUpgrade(
  req: IncomingMessage,
  res: ServerResponse,
): { socket: Duplex; head: Buffer } | undefined {
  const upgrade = pending.get(req);
  if (!upgrade) return undefined;
  pending.delete(req);
  res.detachSocket(upgrade.socket as never);
  return upgrade;
}
