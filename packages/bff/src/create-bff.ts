import type { IncomingMessage } from 'node:http';
import type Koa from 'koa';
import type { Bff } from './bff.ts';
import { createSealer } from './crypto/sealer.ts';
import { proxy } from './endpoints/proxy.ts';
import { securityHeaderValues } from './middleware/security-headers.ts';
import { bffRoutes } from './mount/bff-routes.ts';
import { entryPoints } from './mount/entry-points.ts';
import { serveApi } from './mount/serve-api.ts';
import { serveBff } from './mount/serve-bff.ts';
import { createDpopKeyCache } from './dpop/dpop-key-cache.ts';
import { sharedDpopKey } from './dpop/dpop-key.ts';
import { createUpstreamNonces } from './dpop/upstream-nonces.ts';
import { createLive } from './live/live.ts';
import { createLocalSessionEndSignal } from './live/session-end-signal.ts';
import { webSocketUpgrade } from './live/websocket-upgrade.ts';
import { createLiveMetrics } from './observability/live-metrics.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { observeGrants } from './observability/observe-grants.ts';
import { observeStore } from './observability/observed-store.ts';
import { traceApi } from './observability/traced-api.ts';
import { traceBff } from './observability/traced-bff.ts';
import { traceUpstreamClient } from './observability/traced-upstream-client.ts';
import { createTracing } from './observability/tracing.ts';
import { loadClientKeys } from './oidc/client-keys.ts';
import { OidcClient } from './oidc/oidc-client.ts';
import { readiness } from './operations/readiness.ts';
import { parseBffOptions, type BffOptions } from './options.ts';
import { clientIp } from './proxy/client-ip.ts';
import { createRouteTable } from './proxy/route-table.ts';
import { createRouteTokens } from './proxy/route-tokens.ts';
import { createSessionCodec } from './session/session-codec.ts';
import { createSessionEnder, type SessionEndReason } from './session/session-ender.ts';
import { createSessionHandles } from './session/session-handle.ts';
import { createLifetimeKeeper } from './session/session-lifetime.ts';
import { createSessionReader } from './session/session-reader.ts';
import { readSession } from './session/read-session.ts';
import type { SessionData } from './session/session-data.ts';
import { createUserSessions } from './session/user-sessions.ts';
import { operatorSessions } from './session/operator-sessions.ts';
import { createLocalRefreshCoordinator } from './tokens/refresh-coordinator.ts';
import { createClientTokenKeeper } from './tokens/client-token-keeper.ts';
import { createTokenKeeper } from './tokens/token-keeper.ts';

/**
 * Builds the BFF for a Koa app: the composition root, where the parts are made and wired.
 * Options are validated here, at construction: a mistake fails at start-up with a TypeError
 * naming every bad option, never at the first request. The IdP is discovered lazily, so the
 * process starts (and reports not ready) while the IdP is down.
 *
 * @example
 * const app = new Koa();
 * const bff = createBff({
 *   publicUrl: 'https://app.example.com',
 *   issuer: 'https://id.example.com',
 *   clientId: 'spa-bff',
 *   clientSecret: process.env.OIDC_CLIENT_SECRET,
 *   apiUpstream: 'http://api.internal:8080',
 *   backend: { store: createSqliteStore({ file: '.data/sessions.db' }) },
 *   secrets: [process.env.SESSION_SECRET!],
 * }, app);
 * app.use(bff.middleware);
 */
export function createBff(input: BffOptions, app: Koa): Bff {
  const options = parseBffOptions(input);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger();
  const metrics = createMetrics();
  // Decided once: without the option nothing below is wrapped for tracing, and no request path
  // ever calls into OpenTelemetry.
  const tracing = options.tracing ? createTracing(options.tracing) : undefined;
  // Every store call is timed (and traced); every part below uses this one.
  const store = observeStore(options.backend.store, { durations: metrics.storeDuration, tracing });
  const publicUrl = new URL(options.publicUrl);
  const allowedOrigins = new Set([publicUrl.origin, ...options.allowedOrigins]);
  const clientKeys = loadClientKeys(options.clientKeys);
  const oidc = new OidcClient({
    issuer: options.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenEndpointAuthMethod: options.tokenEndpointAuthMethod,
    clientKeys,
    redirectUri: new URL('/bff/callback', publicUrl).href,
    allowInsecureIssuer: options.allowInsecureIssuer,
    timeoutSeconds: options.idpTimeoutSeconds,
    clockToleranceSeconds: options.clockToleranceSeconds,
    pushedAuthorizationRequests: options.pushedAuthorizationRequests,
    userinfo: options.userinfo,
    endSessionUrl: options.endSessionUrl,
    requireIssParameter: options.profile === 'fapi2',
    logger,
    now,
  });
  observeGrants(oidc, { grants: metrics.tokenGrants, tracing });
  const codec = createSessionCodec(createSealer(options.secrets, 'session'));
  // Every end of a session closes its live connections on every instance (a shared store
  // brings a shared signal) and is counted by reason.
  const sessionEndSignal =
    options.backend.sessionEndSignal ??
    createLocalSessionEndSignal((error) =>
      logger.warn({ code: (error as { code?: string }).code }, 'session-end listener failed'),
    );
  const onSessionEnded = (key: string, reason: SessionEndReason) => {
    metrics.sessionsEnded.inc({ reason });
    sessionEndSignal.announce({ key });
  };
  // Every end of a session (expiry, re-login, logout) revokes its newest refresh token.
  const ender = createSessionEnder({
    store,
    codec,
    revoke: (refreshToken) => oidc.revoke(refreshToken, 'refresh_token'),
    logger,
    onEnded: onSessionEnded,
  });
  const lifetime = createLifetimeKeeper({
    ender,
    store,
    codec,
    rules: {
      absoluteTimeoutMs: options.session.absoluteTimeoutSeconds * 1000,
      idleTimeoutMs: options.session.idleTimeoutSeconds * 1000,
    },
    now,
    logger,
  });
  const sessions = createUserSessions({
    store,
    codec,
    ender,
    handles: createSessionHandles(options.secrets),
    hasEnded: lifetime.hasEnded,
  });
  const core = {
    oidc,
    store,
    codec,
    lifetime,
    allowedOrigins,
    publicUrl,
    logger,
    metrics,
    now,
    clientKeys,
    ender,
    sessions,
    sessionEndSignal,
  };
  const routes = bffRoutes(options, core, app);
  const coordinator = options.backend.refreshCoordinator ?? createLocalRefreshCoordinator();
  const dpop = options.dpop
    ? {
        keys: createDpopKeyCache(10_000),
        clientKey: sharedDpopKey(options.secrets[0]!),
        nonces: createUpstreamNonces(),
      }
    : undefined;
  const refreshSkewMs = options.refreshSkewSeconds * 1000;
  const answerHeaders = securityHeaderValues(publicUrl);
  const apiRoutes = createRouteTable(options.routes, options.upstream);
  if (tracing) {
    for (const route of apiRoutes.routes) {
      route.client = traceUpstreamClient(route.client, route, tracing);
      route.streamClient = traceUpstreamClient(route.streamClient, route, tracing);
    }
  }
  const tokens = createTokenKeeper({
    store,
    codec,
    oidc,
    coordinator,
    refreshSkewMs,
    now,
    logger,
    onRefresh: (outcome) => metrics.refreshes.inc({ outcome }),
    dpopKeys: dpop?.keys,
    onSessionEnded,
  });
  const live = createLive({
    limits: options.live,
    streamIdleTimeoutMs: options.live.streamIdleTimeoutMs,
    events: createLiveMetrics(metrics.registry, () => live.connections.counts()),
    watch: {
      reread: async (key) => {
        const found = await readSession(store, codec, key);
        const session = found?.session as SessionData | undefined;
        return session && typeof session.sub === 'string' && session.tokens ? session : undefined;
      },
      expiry: lifetime.expiry,
      endExpired: (key) => lifetime.end(key),
      renewToken: (key, session, route) => tokens.accessToken(key, session, route),
      now,
      recheckMs: options.live.recheckSeconds * 1000,
    },
  });
  const stopClosingLive = sessionEndSignal.listen((end) => live.connections.end(end));
  const stopRecheckingLive = sessionEndSignal.onMissedEnds(() => live.recheckAll());
  const routeTokenDeps = {
    sessions: createSessionReader({ store, codec, cookieName: options.cookieName }),
    lifetime,
    tokens,
    clientTokens: createClientTokenKeeper({
      store,
      sealer: createSealer(options.secrets, 'client-token'),
      oidc,
      coordinator,
      refreshSkewMs,
      now,
      logger,
      onGrant: (outcome) => metrics.clientGrants.inc({ outcome }),
      dpopKey: dpop?.clientKey,
    }),
    ...(dpop ? { dpop } : {}),
    now,
  };
  // Read from the app at each call: the host may set `app.proxy` after building the BFF.
  const requestIp = (req: IncomingMessage) => clientIp(req, app);
  const forwardToApi = proxy({
    ...routeTokenDeps,
    routes: apiRoutes,
    allowedOrigins,
    publicUrl,
    logger,
    answerHeaders,
    clientIp: requestIp,
    live,
  });
  const upgradeApi = webSocketUpgrade({
    routes: apiRoutes,
    routeTokens: createRouteTokens(routeTokenDeps),
    live,
    publicUrl,
    logger,
    answerHeaders,
    clientIp: requestIp,
    handshakeTimeoutMs: options.upstream.headersTimeoutMs,
    tracing,
  });

  return {
    ...entryPoints({
      serveApi: serveApi({
        forwardToApi: tracing ? traceApi(forwardToApi, tracing) : forwardToApi,
        durations: metrics.proxyDuration,
        logger,
      }),
      serveBff: tracing
        ? traceBff(serveBff({ routes, publicUrl, logger }), tracing)
        : serveBff({ routes, publicUrl, logger }),
      logger,
      answerHeaders,
      upgradeApi,
    }),
    readiness: readiness({ store, oidc }),
    sessions: operatorSessions(sessions, ender),
    metricsText: () => metrics.registry.metrics(),
    metricsContentType: metrics.registry.contentType,
    async close() {
      stopClosingLive();
      stopRecheckingLive();
      live.connections.closeAll();
      await sessionEndSignal.close();
      await apiRoutes.close();
      await ender.drain();
      await store.close();
    },
  };
}
