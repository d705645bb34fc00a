import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import Router from '@koa/router';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import compose from 'koa-compose';
import createSession from 'koa-session';
import { randomId } from './crypto/random-id.ts';
import { createSealer } from './crypto/sealer.ts';
import { backchannelLogout } from './endpoints/backchannel-logout.ts';
import { callback } from './endpoints/callback.ts';
import { login } from './endpoints/login.ts';
import { logout } from './endpoints/logout.ts';
import { proxy } from './endpoints/proxy.ts';
import { user } from './endpoints/user.ts';
import { BffError } from './errors/bff-error.ts';
import { pathOnly } from './errors/answer-error.ts';
import { errorHandler } from './errors/error-handler.ts';
import { noStore } from './middleware/no-store.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requireCsrfHeader } from './middleware/require-csrf-header.ts';
import { securityHeaders, securityHeaderValues } from './middleware/security-headers.ts';
import { requireTopLevelNavigation } from './middleware/top-level-navigation.ts';
import { secureCookies } from './middleware/secure-cookies.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createLoginTransactions } from './oidc/login-transaction.ts';
import { OidcClient } from './oidc/oidc-client.ts';
import { parseBffOptions, type BffOptions } from './options.ts';
import { clientIp } from './proxy/client-ip.ts';
import { createRouteTable } from './proxy/route-table.ts';
import { withDeadline } from './redis/with-deadline.ts';
import { createKoaSessionStore } from './session/koa-session-store.ts';
import { createSessionCodec } from './session/session-codec.ts';
import { createLifetimeKeeper, sessionLifetime } from './session/session-lifetime.ts';
import { createSessionReader } from './session/session-reader.ts';
import { createLocalRefreshCoordinator } from './tokens/refresh-coordinator.ts';
import { createTokenKeeper } from './tokens/token-keeper.ts';

/** What `/readyz` reports. */
export interface Readiness {
  ready: boolean;
  checks: { sessionStore: 'ok' | 'unavailable'; idpMetadata: 'ok' | 'unavailable' };
}

/** A configured BFF: one middleware for the host Koa app, plus operational hooks. */
export interface Bff {
  /** Serves `/bff/*` and `/api/*`; passes every other request on. */
  middleware: Middleware;
  /**
   * A Node request listener that serves `/api/*` without entering Koa at all (measured: Koa's
   * per-request context was about a tenth of the proxy's CPU) and hands every other request
   * to `fallback`, normally the Koa app's `callback()`, where `middleware` serves `/bff/*`.
   *
   * @example
   * app.use(bff.middleware);
   * http.createServer(bff.listener(app.callback())).listen(3000);
   */
  listener(fallback: RequestListener): RequestListener;
  /** Whether the session store and the IdP's metadata are reachable. */
  readiness(): Promise<Readiness>;
  /** Prometheus text exposition of the BFF's metrics. */
  metricsText(): Promise<string>;
  metricsContentType: string;
  /** Closes the upstream pool and the session store. */
  close(): Promise<void>;
}

const apiPrefix = '/api';

/**
 * Builds the BFF for a Koa app. Options are validated here, at construction: a mistake fails at
 * start-up with a TypeError naming every bad option, never at the first request. The IdP is
 * discovered lazily, so the process starts (and reports not ready) while the IdP is down.
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
  const { store } = options.backend;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger();
  const metrics = createMetrics();
  const publicUrl = new URL(options.publicUrl);

  const oidc = new OidcClient({
    issuer: options.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenEndpointAuthMethod: options.tokenEndpointAuthMethod,
    redirectUri: new URL('/bff/callback', publicUrl).href,
    allowInsecureIssuer: options.allowInsecureIssuer,
    timeoutSeconds: options.idpTimeoutSeconds,
    now,
  });
  const codec = createSessionCodec(createSealer(options.secrets, 'session'));
  const logins = createLoginTransactions(createSealer(options.secrets, 'login'), {
    ttlSeconds: options.loginTimeoutSeconds,
    now,
  });
  const tokens = createTokenKeeper({
    store,
    codec,
    oidc,
    coordinator: options.backend.refreshCoordinator ?? createLocalRefreshCoordinator(),
    refreshSkewMs: options.refreshSkewSeconds * 1000,
    now,
    logger,
    onRefresh: (outcome) => metrics.refreshes.inc({ outcome }),
  });
  const routes = createRouteTable(options.routes, options.upstream);
  const allowedOrigins = new Set([publicUrl.origin, ...options.allowedOrigins]);

  // koa-session with an external store: the cookie holds only a random id (256 bits), never
  // the session (its default cookie-stored session would put the tokens in the browser).
  const session = createSession(
    {
      key: options.cookieName,
      store: createKoaSessionStore(store, codec, { now }),
      genid: () => randomId(32),
      maxAge: options.session.absoluteTimeoutSeconds * 1000,
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      signed: false,
      overwrite: true,
      rolling: false,
      renew: false,
      autoCommit: true,
      valid: (_ctx: Context, data: Record<string, unknown>) => typeof data.sub === 'string',
    } as Parameters<typeof createSession>[0],
    app,
  );
  const csrf = requireCsrfHeader(allowedOrigins);
  const limitLogins = rateLimit({ perMinute: options.loginRateLimitPerMinute, now });
  const lifetimeKeeper = createLifetimeKeeper({
    store,
    codec,
    rules: {
      absoluteTimeoutMs: options.session.absoluteTimeoutSeconds * 1000,
      idleTimeoutMs: options.session.idleTimeoutSeconds * 1000,
    },
    now,
    logger,
  });
  const lifetime = sessionLifetime(lifetimeKeeper);

  const router = new Router();
  router.get(
    '/bff/login',
    noStore,
    requireTopLevelNavigation,
    limitLogins,
    session,
    login({ oidc, logins, scope: options.scope, authorizationParams: options.authorizationParams }),
  );
  router.get(
    '/bff/callback',
    noStore,
    limitLogins,
    session,
    callback({
      oidc,
      logins,
      store,
      publicUrl: publicUrl.origin,
      now,
      onLogin: (outcome) => metrics.logins.inc({ outcome }),
    }),
  );
  router.get('/bff/user', noStore, csrf, session, lifetime, user(lifetimeKeeper));
  router.post(
    '/bff/logout',
    noStore,
    csrf,
    session,
    logout({
      oidc,
      store,
      clientId: options.clientId,
      postLogoutRedirectUri: new URL(options.postLogoutRedirectPath, publicUrl).href,
      clearSiteData: options.clearSiteDataOnLogout,
      idTokenHint: options.logoutIdTokenHint,
      logger,
    }),
  );
  router.post(
    '/bff/backchannel-logout',
    noStore,
    backchannelLogout({
      oidc,
      store,
      clientId: options.clientId,
      logger,
      now,
      onLogout: (outcome) => metrics.backchannelLogouts.inc({ outcome }),
    }),
  );
  const bffRoutes = compose([
    router.routes() as unknown as Middleware,
    router.allowedMethods({
      throw: true,
      methodNotAllowed: () =>
        new BffError('method_not_allowed', 'This method is not allowed here.'),
      notImplemented: () => new BffError('method_not_allowed', 'This method is not allowed here.'),
    }) as unknown as Middleware,
    async (ctx: Context) => {
      if (!(ctx as Context & { matched?: unknown[] }).matched?.length) {
        throw new BffError('not_found', 'There is no such BFF endpoint.');
      }
    },
  ] as Middleware[]);
  const answerHeaders = securityHeaderValues(publicUrl);
  const forwardToApi = proxy({
    routes,
    allowedOrigins,
    sessions: createSessionReader({ store, codec, cookieName: options.cookieName }),
    lifetime: lifetimeKeeper,
    tokens,
    publicUrl,
    logger,
    answerHeaders,
    // Read from the app at each call: the host may set `app.proxy` after building the BFF.
    clientIp: (req) => clientIp(req, app),
  });
  const debugLogging = logger.isLevelEnabled('debug');
  const serveApi = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    metrics.proxied.inc();
    if (!debugLogging) return forwardToApi(req, res);
    const started = performance.now();
    await forwardToApi(req, res);
    // Method and path only, never the query string.
    logger.debug(
      {
        method: req.method,
        path: pathOnly(req.url),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'proxied',
    );
  };
  const outer = compose([
    errorHandler(logger),
    securityHeaders(publicUrl),
    secureCookies,
  ] as Middleware[]);

  return {
    middleware: async function cloakroom(ctx, next) {
      const path = ctx.path;
      if (path === apiPrefix || path.startsWith(`${apiPrefix}/`)) {
        // The API path answers on the raw response itself (see `listener` for skipping Koa).
        ctx.respond = false;
        await serveApi(ctx.req, ctx.res);
        return;
      }
      if (path !== '/bff' && !path.startsWith('/bff/')) return next();
      const started = performance.now();
      await outer(ctx, async () => {
        // Absolute-form targets (`GET http://host/bff/x`) are refused before any routing.
        if (!ctx.url.startsWith('/'))
          throw new BffError('invalid_path', 'The request path is not allowed.');
        await bffRoutes(ctx, async () => {});
      });
      // Method and path only: never the query string (the callback's carries the code).
      logger.info(
        {
          method: ctx.method,
          path,
          status: ctx.status,
          ms: Math.round(performance.now() - started),
        },
        'bff',
      );
    },
    listener(fallback) {
      return function cloakroomListener(req, res) {
        const url = req.url ?? '';
        if (
          url === apiPrefix ||
          url.startsWith(`${apiPrefix}/`) ||
          url.startsWith(`${apiPrefix}?`)
        ) {
          void serveApi(req, res);
          return;
        }
        fallback(req, res);
      };
    },
    async readiness() {
      const check = async (probe: () => Promise<unknown>) => {
        try {
          await withDeadline(probe(), 2_000, 'readiness probe');
          return 'ok' as const;
        } catch {
          return 'unavailable' as const;
        }
      };
      const [sessionStore, idpMetadata] = await Promise.all([
        check(() => store.ping()),
        check(() => oidc.probe(2_000)),
      ]);
      return {
        ready: sessionStore === 'ok' && idpMetadata === 'ok',
        checks: { sessionStore, idpMetadata },
      };
    },
    metricsText: () => metrics.registry.metrics(),
    metricsContentType: metrics.registry.contentType,
    async close() {
      await routes.close();
      await store.close();
    },
  };
}
