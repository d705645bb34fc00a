import { createServer } from 'node:http';
import { listen } from '@cloakroom/http-server';
import { createApi, type ApiOptions } from './create-api.ts';
import { serveUpgrades } from './live/upgrade-requests.ts';

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
  const callback = createApi(apiOptions).callback();
  // Koa answers its own errors; a rejection here would be a bug in that, so drop the socket.
  const server = createServer((req, res) => {
    callback(req, res).catch(() => res.destroy());
  });
  // WebSocket handshakes go through the same app (and so the same token check).
  const closeUpgraded = serveUpgrades(server, callback);
  const listening = await listen(server, { port, host });
  return {
    url: listening.url,
    close: () => {
      closeUpgraded();
      return listening.close();
    },
  };
}
