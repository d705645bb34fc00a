import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Middleware } from 'koa';
import type { Readiness } from './operations/readiness.ts';
import type { BffSessions } from './session/operator-sessions.ts';

/**
 * A configured BFF (what `createBff` returns): one middleware for the host Koa app, plus
 * operational hooks.
 *
 * @example
 * app.use(bff.middleware);
 * http.createServer(bff.listener(app.callback())).listen(3000);
 */
export interface Bff {
  /** Serves `/bff/*` and `/api/*`; passes every other request on. */
  middleware: Middleware;
  /**
   * A Node request listener that serves `/api/*` without entering Koa at all (measured: Koa's
   * per-request context was about a tenth of the proxy's CPU) and hands every other request
   * to `fallback`, normally the Koa app's `callback()`, where `middleware` serves `/bff/*`.
   * A promise `fallback` returns is not left floating: if it rejects, the request gets the
   * last-resort error answer.
   *
   * @example
   * app.use(bff.middleware);
   * http.createServer(bff.listener(app.callback())).listen(3000);
   */
  listener(fallback: (req: IncomingMessage, res: ServerResponse) => unknown): RequestListener;
  /**
   * The server's `'upgrade'` listener: WebSocket upgrades to routes with `websocket: true` are
   * proxied (same-origin handshakes only), closed with code 4401 when their session ends.
   * Upgrades elsewhere under `/api` are refused; others go to `fallback` (say, a dev server's
   * hot reload), or are refused without one. Without this listener on the server, no WebSocket
   * reaches an upstream.
   *
   * @example
   * const server = http.createServer(bff.listener(app.callback()));
   * server.on('upgrade', bff.upgradeListener());
   */
  upgradeListener(
    fallback?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /**
   * Users' sessions for operators: list and end them by `sub` (on every instance sharing the
   * store), and a hook for whatever else ends with a session.
   *
   * @example
   * const ended = await bff.sessions.endAll('alice');
   */
  sessions: BffSessions;
  /** Whether the session store and the IdP's metadata are reachable. */
  readiness(): Promise<Readiness>;
  /** Prometheus text exposition of the BFF's metrics. */
  metricsText(): Promise<string>;
  metricsContentType: string;
  /** Closes live connections (code 1001), the upstream pool and the session store. */
  close(): Promise<void>;
}
