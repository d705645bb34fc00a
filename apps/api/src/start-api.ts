import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi, type ApiOptions } from './create-api.ts';

/** A listening sample API. */
export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the sample API on `host` (default 127.0.0.1) and `port` (default 0: a free one).
 *
 * @example
 * ```ts
 * const api = await startApi({ issuer: idp.issuer });
 * await fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
 * await api.close();
 * ```
 */
export async function startApi(
  options: ApiOptions & { port?: number; host?: string },
): Promise<RunningApi> {
  const { port = 0, host = '127.0.0.1', ...apiOptions } = options;
  const server = createServer(createApi(apiOptions).callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
