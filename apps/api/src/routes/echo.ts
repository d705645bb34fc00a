import type { Context } from 'koa';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ApiError } from '../api-error.ts';
import { takeUpgrade } from '../live/upgrade-requests.ts';

/** The largest message echoed; a larger one closes the socket with 1009 (ws does that). */
export const ECHO_MAX_MESSAGE_BYTES = 64 * 1024;

function echo(socket: WebSocket): void {
  socket.on('message', (data: RawData, isBinary: boolean) => {
    // Text stays text, binary stays binary.
    socket.send(data, { binary: isBinary });
  });
  // A protocol error (an oversized or malformed frame) closes the socket; nothing to report.
  socket.on('error', () => socket.terminate());
}

/**
 * `GET /echo` with `Upgrade: websocket`: a WebSocket that sends every message back. It sits
 * behind the same token check as every route (serveUpgrades runs upgrades through the app),
 * so a handshake without a valid token gets the 401 before any upgrade. A GET without the
 * upgrade is `426 upgrade_required`.
 *
 * @example
 * ```ts
 * router.get('/echo', echoRoute());
 * ```
 */
export function echoRoute(): (ctx: Context) => void {
  // noServer: the handshake comes from the app's route, after the token check.
  const wss = new WebSocketServer({ noServer: true, maxPayload: ECHO_MAX_MESSAGE_BYTES });
  return function upgradeToEcho(ctx: Context): void {
    const upgrade =
      ctx.get('upgrade').toLowerCase() === 'websocket' ? takeUpgrade(ctx.req, ctx.res) : undefined;
    if (!upgrade) {
      throw new ApiError('upgrade_required', 426, 'open /echo as a WebSocket', {
        headers: { Upgrade: 'websocket', Connection: 'Upgrade' },
      });
    }
    ctx.status = 101;
    ctx.respond = false;
    // ws answers a bad handshake (no key, wrong version) with 400 itself.
    wss.handleUpgrade(ctx.req, upgrade.socket, upgrade.head, echo);
  };
}
