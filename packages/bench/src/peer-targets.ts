import { startDevIdp } from '@cloakroom/idp/testing';
import { logInBrowser } from '@cloakroom/testkit';
import type { BffTarget } from './bff-target.ts';
import { startChildServer } from './child-server.ts';

/**
 * express-openid-connect + http-proxy-middleware in its own process, with its own dev IdP, and
 * alice logged in through it: the same shape as {@link startBffTarget}'s result.
 *
 * @example
 * const peer = await startExpressOidcTarget({ apiUpstream: upstream.url, logDir });
 */
export async function startExpressOidcTarget(options: {
  apiUpstream: string;
  logDir?: string;
  cpuProfileDir?: string;
  /** Access token lifetime at its IdP (default a day). */
  accessTokenTtlSeconds?: number;
  name?: string;
}): Promise<BffTarget> {
  const server = await startChildServer('express-oidc', options.name ?? 'express-openid-connect', {
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const publicUrl = `http://localhost:${new URL(server.url).port}`;
  const idp = await startDevIdp(publicUrl, {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 24 * 60 * 60,
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    await server.configure({
      issuer: idp.issuer,
      store: 'cookie',
      apiUpstream: options.apiUpstream,
      refreshSkewSeconds: 0,
    });
    const headers = await loggedInHeaders(publicUrl, server.url);
    return {
      server,
      idp,
      headers,
      async stop() {
        await server.stop();
        await idp.close();
      },
    };
  } catch (error) {
    await server.stop();
    await idp.close();
    throw error;
  }
}

/**
 * Logs alice in at `publicUrl` (login at `/bff/login`, callback at `/bff/callback`) and returns
 * the headers of an SPA call with every cookie the server set; checks one `/api/item` call.
 */
export async function loggedInHeaders(
  publicUrl: string,
  serverUrl: string,
): Promise<Record<string, string>> {
  const browser = await logInBrowser(publicUrl);
  const headers: Record<string, string> = {
    cookie: browser.jar.header(`${publicUrl}/api/item`) ?? '',
    'x-csrf': '1',
  };
  const check = await fetch(`${serverUrl}/api/item`, { headers });
  await check.body?.cancel();
  if (check.status !== 200) throw new Error(`${publicUrl}: /api/item answered ${check.status}`);
  return headers;
}
