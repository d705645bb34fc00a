import { startApi } from '@cloakroom/api';
import { createServer, loadConfig } from '@cloakroom/bff-server';
import { bffClient, startIdp } from '@cloakroom/idp';
import { listenOnLoopback } from '@cloakroom/testkit';

/**
 * The whole product as `pnpm start` runs it, in-process on random loopback ports: the dev IdP on
 * 127.0.0.1, the sample API, and the BFF server (serving the built SPA) on localhost.
 */
export async function startFullStack(options: { accessTokenTtlSeconds?: number } = {}) {
  const bffServer = await listenOnLoopback();
  const bffUrl = `http://localhost:${bffServer.port}`;
  const idp = await startIdp({
    clients: [bffClient(bffUrl)],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  const api = await startApi({ issuer: idp.issuer });
  const { app, bff } = await createServer(
    loadConfig({
      PORT: String(bffServer.port),
      PUBLIC_URL: bffUrl,
      OIDC_ISSUER: idp.issuer,
      API_UPSTREAM: api.url,
      SESSION_STORE: 'memory',
      LOG_LEVEL: 'silent',
    }),
  );
  bffServer.attach(app.callback());
  return {
    bffUrl,
    idp,
    async close() {
      await bffServer.close();
      await bff.close();
      await api.close();
      await idp.close();
    },
  };
}
