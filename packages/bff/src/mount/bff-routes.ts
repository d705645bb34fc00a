import type Koa from 'koa';
import type { Middleware } from 'koa';
import { createSealer } from '../crypto/sealer.ts';
import { backchannelLogout } from '../endpoints/backchannel-logout.ts';
import { callback } from '../endpoints/callback.ts';
import { endSession } from '../endpoints/end-session.ts';
import { jwks } from '../endpoints/jwks.ts';
import { login } from '../endpoints/login.ts';
import { logout } from '../endpoints/logout.ts';
import { sessions } from '../endpoints/sessions.ts';
import { user } from '../endpoints/user.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import type { Logger } from '../observability/logger.ts';
import type { createMetrics } from '../observability/metrics.ts';
import { createLoginTransactions } from '../oidc/login-transaction.ts';
import type { ClientKeys } from '../oidc/client-keys.ts';
import { loginScope } from '../oidc/login-scope.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import type { ParsedBffOptions } from '../options.ts';
import type { SessionCodec } from '../session/session-codec.ts';
import type { SessionEndSignal } from '../live/session-end-signal.ts';
import type { SessionEnder } from '../session/session-ender.ts';
import type { LifetimeKeeper } from '../session/session-lifetime.ts';
import { sessionMiddleware } from '../session/session-middleware.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { UserSessions } from '../session/user-sessions.ts';
import { bffRouter } from './bff-router.ts';

/**
 * The `/bff/*` endpoints, each its own chain of middleware, on their paths. What only they use
 * is made here: koa-session, the login transactions, and the login rate limit.
 *
 * @example
 * const routes = bffRoutes(options, { oidc, store, codec, lifetime, ... }, app);
 */
export function bffRoutes(
  options: ParsedBffOptions,
  core: {
    oidc: OidcClient;
    store: SessionStore;
    codec: SessionCodec;
    lifetime: LifetimeKeeper;
    allowedOrigins: ReadonlySet<string>;
    publicUrl: URL;
    logger: Logger;
    metrics: ReturnType<typeof createMetrics>;
    now: () => number;
    clientKeys: ClientKeys;
    ender: SessionEnder;
    sessions: UserSessions;
    /** Closes live connections of ended sessions, on every instance. */
    sessionEndSignal: SessionEndSignal;
  },
  app: Koa,
): Middleware {
  const { store, codec, publicUrl, metrics, now } = core;
  // What several endpoints take; each endpoint's signature says which of these it uses.
  const parts = {
    ...core,
    clientId: options.clientId,
    logins: createLoginTransactions(createSealer(options.secrets, 'login'), {
      ttlSeconds: options.loginTimeoutSeconds,
      now,
    }),
    session: sessionMiddleware(
      {
        cookieName: options.cookieName,
        store,
        codec,
        maxAgeMs: options.session.absoluteTimeoutSeconds * 1000,
        now,
      },
      app,
    ),
    // One limit for login and callback together: both start work at the IdP.
    limitLogins: rateLimit({ perMinute: options.loginRateLimitPerMinute, now }),
  };
  const asked = loginScope(options.scope, options.routes);
  return bffRouter([
    [
      'get',
      '/bff/login',
      login({ ...parts, ...asked, authorizationParams: options.authorizationParams }),
    ],
    [
      'get',
      '/bff/callback',
      callback({
        ...parts,
        resources: asked.resources,
        dpop: options.dpop,
        publicUrl: publicUrl.origin,
        clockToleranceSeconds: options.clockToleranceSeconds,
        onLogin: (outcome, reason) =>
          metrics.logins.inc(reason === undefined ? { outcome } : { outcome, reason }),
      }),
    ],
    ['get', '/bff/user', user(parts)],
    ['get', '/bff/sessions', sessions(parts)],
    ['delete', '/bff/sessions/:id', endSession(parts)],
    [
      'post',
      '/bff/logout',
      logout({
        ...parts,
        postLogoutRedirectUri: new URL(options.postLogoutRedirectPath, publicUrl).href,
        clearSiteData: options.clearSiteDataOnLogout,
        idTokenHint: options.logoutIdTokenHint,
      }),
    ],
    [
      'post',
      '/bff/backchannel-logout',
      backchannelLogout({
        ...parts,
        clockToleranceSeconds: options.clockToleranceSeconds,
        onLogout: (outcome) => metrics.backchannelLogouts.inc({ outcome }),
        onSessionsEnded: (end, count) => {
          core.sessionEndSignal.announce(end);
          if (count > 0) metrics.sessionsEnded.inc({ reason: 'backchannel' }, count);
        },
      }),
    ],
    ['get', '/bff/jwks', jwks(parts)],
  ]);
}
