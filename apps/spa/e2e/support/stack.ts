import { startApi } from '@cloakroom/api';
import { createServer, loadConfig } from '@cloakroom/server';
import { bffClient, startIdp } from '@cloakroom/idp';
import { listenOnLoopback } from '@cloakroom/testkit';

/** One request the BFF answered, as its server saw it (never the cookie's value). */
export interface BffRequest {
  method: string;
  path: string;
  status: number;
  /** Whether the request carried the session cookie. */
  withSessionCookie: boolean;
  withCsrfHeader: boolean;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * The whole product as `pnpm start` runs it, in-process on random loopback ports: the dev IdP on
 * 127.0.0.1, the sample API, and the BFF server (serving the built SPA) on localhost. `requests`
 * logs what the BFF answered, so tests can check what a cross-site page actually achieved.
 */
export async function startFullStack(options: { accessTokenTtlSeconds?: number } = {}) {
  const bffServer = await listenOnLoopback();
  const bffUrl = `http://localhost:${bffServer.port}`;
  const idp = await startIdp({
    clients: [bffClient(bffUrl)],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  const api = await startApi({ issuer: idp.issuer });
  const { bff, listener } = await createServer(
    loadConfig({
      PORT: String(bffServer.port),
      PUBLIC_URL: bffUrl,
      OIDC_ISSUER: idp.issuer,
      API_UPSTREAM: api.url,
      SESSION_STORE: 'memory',
      LOG_LEVEL: 'silent',
    }),
  );
  const requests: BffRequest[] = [];
  bffServer.attach((req, res) => {
    res.once('finish', () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      requests.push({
        method: req.method ?? '',
        path: new URL(req.url ?? '/', bffUrl).pathname,
        status: res.statusCode,
        withSessionCookie: /(^|;\s*)__Host-/.test(header('cookie') ?? ''),
        withCsrfHeader: header('x-csrf') === '1',
        origin: header('origin'),
        secFetchSite: header('sec-fetch-site'),
      });
    });
    listener(req, res);
  });
  return {
    bffUrl,
    idp,
    requests,
    async close() {
      await bffServer.close();
      await bff.close();
      await api.close();
      await idp.close();
    },
  };
}

export type FullStack = Awaited<ReturnType<typeof startFullStack>>;
