import { sessionEndedCloseCode } from '@cloakroom/contract';
import { WebSocket } from 'ws';
import type { CloseReason } from './live-connections.ts';

/** A sender holding more than this unsent pauses the other side until it drains. */
const highWaterBytes = 1024 * 1024;
/** How often the browser is pinged; one that misses a pong by the next ping is cut. */
const heartbeatMs = 30_000;
/** How long a closing handshake may take before the socket is cut. */
const closeGraceMs = 2_000;

/** Close codes a peer may send (RFC 6455 §7.4); others are reported, never sent. */
function isSendable(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * Joins the browser's WebSocket to the upstream's: frames pass both ways as they come (text
 * stays text, binary stays binary), with back-pressure (a side that cannot keep up pauses the
 * other side's reading, so nothing piles up in the BFF), and a close on one side closes the other
 * with the same code when that code may be sent. `onClosed` runs once, when both are closed.
 *
 * The returned `close` is the BFF's own: the browser gets `4401` when its session ended (it
 * must log in again) or `1001` on shutdown; the upstream gets `1000`/`1001`.
 *
 * @example
 * const close = bridge(browser, upstream, release);
 * close('session_ended');
 */
export function bridge(
  browser: WebSocket,
  upstream: WebSocket,
  onClosed: () => void,
): (reason: CloseReason) => void {
  relay(browser, upstream);
  relay(upstream, browser);
  let alive = true;
  const heartbeat = setInterval(() => {
    if (!alive) return browser.terminate();
    alive = false;
    browser.ping();
  }, heartbeatMs);
  heartbeat.unref();
  browser.on('pong', () => {
    alive = true;
  });

  let closed = 0;
  const cutAfterGrace = (socket: WebSocket) =>
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  const settle = () => {
    closed += 1;
    if (closed === 2) {
      clearInterval(heartbeat);
      onClosed();
    }
  };
  const follow = (from: WebSocket, to: WebSocket) => {
    from.once('close', (code: number, reason: Buffer) => {
      settle();
      if (to.readyState === WebSocket.CLOSED || to.readyState === WebSocket.CLOSING) return;
      if (code === 1005) to.close();
      else if (isSendable(code)) to.close(code, reason);
      else to.close(1011, 'the other side went away');
      cutAfterGrace(to);
    });
    // An error is followed by 'close'; the listener keeps it from being an unhandled event.
    from.on('error', () => undefined);
  };
  follow(browser, upstream);
  follow(upstream, browser);

  return function close(reason: CloseReason) {
    const ended = reason === 'session_ended';
    for (const [socket, code, text] of [
      [
        browser,
        ended ? sessionEndedCloseCode : 1001,
        ended ? 'session ended' : 'server shutting down',
      ],
      [upstream, ended ? 1000 : 1001, ended ? 'session ended' : 'server shutting down'],
    ] as const) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(code, text);
        cutAfterGrace(socket);
      }
    }
  };
}

/** Sends what `from` receives on to `to`, pausing `from` while `to` has too much unsent. */
function relay(from: WebSocket, to: WebSocket): void {
  let paused = false;
  const drained = () => {
    if (paused && to.bufferedAmount < highWaterBytes / 2) {
      paused = false;
      from.resume();
    }
  };
  from.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (to.readyState !== WebSocket.OPEN) return;
    to.send(data, { binary: isBinary }, drained);
    if (!paused && to.bufferedAmount >= highWaterBytes) {
      paused = true;
      from.pause();
    }
  });
}
