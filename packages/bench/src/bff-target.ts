import type { RunningIdp } from '@cloakroom/idp';
import { startDevIdp } from '@cloakroom/idp/testing';
import { logInBrowser, sessionCookie } from '@cloakroom/testkit';
import { startChildServer, type ChildServer } from './child-server.ts';

/** A BFF in its own process, its own dev IdP, and a live session for the load generator. */
export interface BffTarget {
  server: ChildServer;
  idp: RunningIdp;
  /** Headers of a logged-in SPA call: the session cookie and `X-CSRF: 1`. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a BFF child on `store`, then its IdP (which must know the BFF's redirect URI), then
 * logs alice in over HTTP through the real login form, in this process, and keeps the cookie.
 * The caller owns `stop()` — also when this throws after the child started, it has been stopped.
 *
 * @example
 * const bff = await startBffTarget({ name: 'bff-memory', store: 'memory', apiUpstream });
 */
export async function startBffTarget(options: {
  name: string;
  store: string;
  apiUpstream: string;
  accessTokenTtlSeconds?: number;
  refreshSkewSeconds?: number;
  /** RFC 8707 resources: the IdP issues tokens for them, and the BFF routes `/api/r<i>` to each. */
  resources?: string[];
  /** A resource the BFF's `/api/client` route gets client-credentials tokens for. */
  clientResource?: string;
  /** DPoP on (`OIDC_DPOP`): bound tokens, a proof per upstream call. */
  dpop?: boolean;
  /** Tracing on, exporting by OTLP/HTTP to this endpoint. */
  tracingEndpoint?: string;
  /** Live connections one session may hold. */
  liveMaxPerSession?: number;
  cpuProfileDir?: string;
  logDir?: string;
}): Promise<BffTarget> {
  const server = await startChildServer('bff', options.name, {
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const publicUrl = `http://localhost:${new URL(server.url).port}`;
  let idp: RunningIdp | undefined;
  try {
    idp = await startDevIdp(publicUrl, {
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 24 * 60 * 60,
      resources: [
        ...new Set([
          ...(options.resources ?? []),
          ...(options.clientResource ? [options.clientResource] : []),
        ]),
      ],
    });
    await server.configure({
      issuer: idp.issuer,
      store: options.store,
      apiUpstream: options.apiUpstream,
      refreshSkewSeconds: options.refreshSkewSeconds ?? 30,
      ...(options.resources?.length ? { resources: options.resources } : {}),
      ...(options.clientResource ? { clientResource: options.clientResource } : {}),
      ...(options.dpop ? { dpop: true } : {}),
      ...(options.tracingEndpoint ? { tracingEndpoint: options.tracingEndpoint } : {}),
      ...(options.liveMaxPerSession ? { liveMaxPerSession: options.liveMaxPerSession } : {}),
    });
    const browser = await logInBrowser(publicUrl);
    const headers = { cookie: sessionCookie(browser), 'x-csrf': '1' };
    const check = await fetch(`${server.url}/api/item`, { headers });
    await check.body?.cancel();
    if (check.status !== 200)
      throw new Error(`${options.name}: /api/item answered ${check.status}`);
    const running = idp;
    return {
      server,
      idp: running,
      headers,
      async stop() {
        await server.stop();
        await running.close();
      },
    };
  } catch (error) {
    await server.stop();
    await idp?.close();
    throw error;
  }
}
