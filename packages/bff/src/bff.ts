import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
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
  /** Closes the upstream pool and the session store. */
  close(): Promise<void>;
}
