import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that is listening: where to reach it, and how to stop it. */
export interface Listening {
  /** `http://host:port` (a wildcard host is reported as 127.0.0.1). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts `server` on `host:port` (port 0: a free one) and resolves once it listens; a failure
 * (a busy port) rejects instead of becoming an unhandled 'error' event.
 *
 * @example
 * const { url, close } = await listen(createServer(handler), { port: 0, host: '127.0.0.1' });
 */
export async function listen(
  server: Server,
  options: { port: number; host: string },
): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
