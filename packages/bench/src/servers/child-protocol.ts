import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Messages between the harness and a server it runs in a child process. Each server under test
// runs in its own process, so the load generator never shares an event loop with it.

/** From a child: it listens; `ready` once it can serve (the BFF waits for its IdP first). */
export type ChildMessage =
  { type: 'listening'; port: number } | { type: 'ready' } | { type: 'failed'; message: string };

/** To a child. `configure` is only for the BFF, which needs its IdP's issuer. */
export type ParentMessage = { type: 'configure'; config: BffChildConfig } | { type: 'stop' };

/** How a BFF child builds its `createBff`. */
export interface BffChildConfig {
  issuer: string;
  /** A `SESSION_STORE` value: `memory`, `sqlite:<file>` or `redis://host:port`. */
  store: string;
  apiUpstream: string;
  refreshSkewSeconds: number;
  /** RFC 8707 resources: route `/api/r<i>` gets the session's token for the i-th. */
  resources?: string[];
  /** A resource for route `/api/client`, which gets the BFF's client-credentials token. */
  clientResource?: string;
  /** DPoP-bound tokens and a proof on every upstream call (`OIDC_DPOP`). */
  dpop?: boolean;
  /**
   * Tracing on: spans exported by OTLP/HTTP to this endpoint, through the deployable server's
   * own wiring (`OTEL_EXPORTER_OTLP_ENDPOINT`).
   */
  tracingEndpoint?: string;
  /** Live connections one session may hold (the library's default otherwise). */
  liveMaxPerSession?: number;
}

/**
 * Common child plumbing: report the port, stop on `stop` (exiting normally, so `--cpu-prof`
 * writes its profile) and exit when the harness goes away, so no server outlives a crashed run.
 *
 * @example
 * onParentMessages({ stop: () => server.close() });
 */
export function onParentMessages(handlers: {
  stop(): Promise<void> | void;
  configure?(config: BffChildConfig): Promise<void>;
}): void {
  // Exits whether the server stopped cleanly or not: the harness only needs it gone.
  const exit = () => process.exit(0);
  const stop = () => {
    try {
      Promise.resolve(handlers.stop()).then(exit, exit);
    } catch {
      exit();
    }
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') stop();
    if (message.type === 'configure' && handlers.configure) {
      handlers.configure(message.config).then(
        () => send({ type: 'ready' }),
        (error: unknown) =>
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    }
  });
}

/**
 * Runs `server` as a benchmark child: timeouts that let a 1 GiB transfer through, loopback on a
 * free port, `listening` (and `ready` at once unless the harness must `configure` it first),
 * and on stop every connection closed before `onStop`.
 *
 * @example
 * serveAsChild(createServer(handler), { readyOnListen: true });
 */
export function serveAsChild(
  server: Server,
  options: {
    readyOnListen: boolean;
    configure?(config: BffChildConfig): Promise<void>;
    onStop?(): Promise<void> | void;
  },
): void {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 120_000;
  server.requestTimeout = 0;
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'listening', port: (server.address() as AddressInfo).port });
    if (options.readyOnListen) send({ type: 'ready' });
  });
  onParentMessages({
    ...(options.configure ? { configure: options.configure } : {}),
    async stop() {
      server.closeAllConnections();
      server.close();
      await options.onStop?.();
    },
  });
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
