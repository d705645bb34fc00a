import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider } from 'oidc-provider';
import { interactionRouter } from './interactions/router.ts';
import { DEV_TENANT_ID } from './profiles/dev-tenant.ts';
import { tenantRouting } from './profiles/tenant-routing.ts';
import { dropAuthorizationResponseIss } from './provider/authorization-response-iss.ts';
import { cognitoLogout } from './provider/cognito-logout.ts';
import { providerConfiguration } from './provider/configuration.ts';
import { rewriteDiscovery } from './provider/discovery-rewrite.ts';
import { hintedEndSession } from './provider/hinted-end-session.ts';
import { jwtUserinfo } from './provider/jwt-userinfo.ts';
import { honourOfflineAccess, refuseOfflineAccess } from './provider/offline-access-scope.ts';
import { rawBasicCredentials } from './provider/raw-basic-credentials.ts';
import { refreshTokenPolicy } from './provider/refresh-token-policy.ts';
import { requireDpopProof } from './provider/require-dpop-proof.ts';
import { generateSigningKeys } from './provider/signing-keys.ts';
import { resolveOptions } from './resolve-options.ts';
import { countProviderEvents, createStats } from './stats.ts';
import type { IdpBehaviour, IdpOptions, IdpStats } from './types.ts';

/** What {@link createIdp} returns: the provider, its live counters, and a node:http handler. */
export interface CreatedIdp {
  provider: Provider;
  stats: IdpStats;
  /** The provider's issuer (a tenant issuer when the profile has one). */
  issuer: string;
  /** The issuer a relying party is configured with (see `RunningIdp.bffIssuer`). */
  bffIssuer: string;
  behaviour: IdpBehaviour;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Builds the dev OpenID Provider without listening. Throws a TypeError on bad options.
 *
 * @example
 * ```ts
 * const { handler, stats } = createIdp({
 *   issuer: 'http://127.0.0.1:4000',
 *   clients: [bffClient('http://localhost:3000')],
 *   profile: 'keycloak',
 * });
 * http.createServer(handler).listen(4000, '127.0.0.1');
 * ```
 */
export function createIdp(options: IdpOptions): CreatedIdp {
  const resolved = resolveOptions(options);
  const { behaviour } = resolved;
  const jwks = generateSigningKeys(behaviour.idTokenAlg);
  const refresh = refreshTokenPolicy(behaviour.refreshTokens);
  const provider = new Provider(
    resolved.issuer,
    providerConfiguration(resolved, { jwks, refresh }),
  );
  refresh.watch(provider);
  const stats = createStats();
  countProviderEvents(provider, stats);
  // Each of these edits what oidc-provider does into what the profile's real IdP does.
  provider.use(rewriteDiscovery(behaviour, resolved.issuer));
  if (!behaviour.authorizationResponseIss) {
    provider.use(dropAuthorizationResponseIss(resolved.issuer));
  }
  if (behaviour.basicCredentials === 'raw') provider.use(rawBasicCredentials());
  if (behaviour.requireDpop) provider.use(requireDpopProof(provider, stats));
  if (behaviour.refreshTokens === 'offline_access') provider.use(honourOfflineAccess(provider));
  if (!behaviour.offlineAccessScope) {
    provider.use(refuseOfflineAccess(provider, behaviour.authorizationResponseIss));
  }
  if (behaviour.endSession === 'cognito') {
    const signOutUrls = new Map(
      resolved.clients.map((client) => [client.clientId, client.postLogoutRedirectUris]),
    );
    provider.use(
      cognitoLogout(provider, { backchannel: behaviour.backchannelLogout, signOutUrls }),
    );
  }
  if (behaviour.endSession === 'needs-hint-and-state') provider.use(hintedEndSession(provider));
  provider.use(
    jwtUserinfo(provider, jwks.keys, behaviour.tenantIssuer ? { tenantId: DEV_TENANT_ID } : {}),
  );
  provider.use(interactionRouter(provider).routes());
  provider.on('server_error', (_ctx, err) => {
    console.error('idp: server_error:', err.message);
  });
  const callback = provider.callback();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Koa answers its own errors; a rejection here would be a bug in that, so drop the socket.
    callback(req, res).catch(() => res.destroy());
  };
  return {
    provider,
    stats,
    issuer: resolved.issuer,
    bffIssuer: resolved.bffIssuer,
    behaviour,
    handler: behaviour.tenantIssuer ? tenantRouting(handler) : handler,
  };
}
