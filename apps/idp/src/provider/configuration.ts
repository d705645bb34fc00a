import { randomBytes } from 'node:crypto';
import { errors, type ClientMetadata, type Configuration } from 'oidc-provider';
import { accountFinder } from '../accounts.ts';
import { DEV_TENANT_ID } from '../profiles/dev-tenant.ts';
import type { ResolvedIdpOptions } from '../resolve-options.ts';
import type { IdpBehaviour, IdpClient } from '../types.ts';
import { renderError } from '../views/error-page.ts';
import { logoutSource, postLogoutSuccessSource } from '../views/logout-page.ts';
import { ACR_LEVELS, acrPolicy, authenticationClaims } from './acr-levels.ts';
import { apiResources, OIDC_SCOPES } from './api-resource.ts';
import { loadAutoConsentedGrant } from './auto-consent.ts';
import { rewriteLogoutTokens } from './logout-token-rewrite.ts';
import { loopbackFetch } from './loopback-fetch.ts';
import { createMemoryAdapter } from './memory-adapter.ts';
import { DPOP_SIGNING_ALGS, dpopFeature } from './dpop.ts';
import { scopeClaims } from './scope-claims.ts';
import type { RefreshTokenPolicy } from './refresh-token-policy.ts';
import type { SigningJwk } from './signing-keys.ts';

const DAY = 24 * 60 * 60;

/** The part of the behaviour a client registration depends on. */
type ClientBehaviour = Pick<
  IdpBehaviour,
  'backchannelLogout' | 'idTokenAlg' | 'offlineAccessScope' | 'requireDpop'
>;

const DEFAULT_CLIENT_BEHAVIOUR: ClientBehaviour = {
  backchannelLogout: true,
  idTokenAlg: 'RS256',
  offlineAccessScope: true,
  requireDpop: false,
};

/** A Cloakroom client as oidc-provider metadata: confidential, code flow, refresh allowed. */
export function toClientMetadata(
  client: IdpClient,
  behaviour: ClientBehaviour = DEFAULT_CLIENT_BEHAVIOUR,
): ClientMetadata {
  const auth: Partial<ClientMetadata> =
    client.tokenEndpointAuthMethod === 'private_key_jwt'
      ? {
          token_endpoint_auth_method: 'private_key_jwt',
          ...(client.jwksUri
            ? { jwks_uri: client.jwksUri }
            : { jwks: client.jwks ?? { keys: [] } }),
        }
      : {
          client_secret: client.clientSecret,
          // oidc-provider accepts client_secret_post as well for a client registered with _basic.
          token_endpoint_auth_method: 'client_secret_basic',
        };
  return {
    client_id: client.clientId,
    ...auth,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    // client_credentials: the BFF's own tokens for APIs called without a user (`"token": "client"`).
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    id_token_signed_response_alg: behaviour.idTokenAlg,
    // Without offline_access here, asking for it is an invalid_scope error (Google's answer).
    scope: behaviour.offlineAccessScope
      ? 'openid profile email offline_access'
      : 'openid profile email',
    // RFC 9449 §5.2: every token request of the client must carry a DPoP proof.
    ...(behaviour.requireDpop ? { dpop_bound_access_tokens: true } : {}),
    ...(client.backchannelLogoutUri === undefined || !behaviour.backchannelLogout
      ? {}
      : {
          backchannel_logout_uri: client.backchannelLogoutUri,
          backchannel_logout_session_required: true,
        }),
  };
}

/** What the configuration is built from besides the options: made once per provider. */
export interface ConfigurationParts {
  jwks: { keys: SigningJwk[] };
  refresh: RefreshTokenPolicy;
}

/**
 * The oidc-provider configuration of the dev IdP. Every choice the contract depends on is here,
 * switched by the behaviour of the profile: own interactions, PKCE, refresh tokens (issued,
 * rotated), JWT access tokens for the API and the listed resources, client credentials, revocation, logout, back-channel logout allowed to
 * reach loopback.
 *
 * @example
 * ```ts
 * const options = resolveOptions(given);
 * const jwks = generateSigningKeys(options.behaviour.idTokenAlg);
 * const refresh = refreshTokenPolicy(options.behaviour.refreshTokens);
 * new Provider(options.issuer, providerConfiguration(options, { jwks, refresh }));
 * ```
 */
export function providerConfiguration(
  options: ResolvedIdpOptions,
  parts: ConfigurationParts,
): Configuration {
  const { behaviour } = options;
  const tenantId = behaviour.tenantIssuer ? DEV_TENANT_ID : undefined;
  const standardEndSession =
    behaviour.endSession === 'standard' || behaviour.endSession === 'needs-hint-and-state';
  const resources = apiResources({
    audience: options.audience,
    ttlSeconds: options.accessTokenTtlSeconds,
    accessTokens: behaviour.accessTokens,
    resources: options.resources,
  });
  return {
    adapter: createMemoryAdapter(),
    clients: options.clients.map((client) => toClientMetadata(client, behaviour)),
    jwks: parts.jwks,
    // Random per start: interaction and session cookies of an earlier run simply stop matching.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: accountFinder({
      thinIdToken: behaviour.thinIdToken,
      ...(tenantId ? { tenantId } : {}),
    }),
    claims: scopeClaims(tenantId),
    scopes: OIDC_SCOPES,
    // Kept by oidc-provider for the interactions and the checks here: Google's access_type,
    // Auth0's audience.
    extraParams: ['access_type', 'audience'],
    // Put the profile/email claims in the id_token: the BFF reads the user from it.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => behaviour.pkce },
    enabledJWA: {
      idTokenSigningAlgValues: [behaviour.idTokenAlg],
      dPoPSigningAlgValues: [...DPOP_SIGNING_ALGS],
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: behaviour.idTokenAlg,
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    loadExistingGrant: (ctx) => {
      // Before consent: a login naming other resources gets (and consents to) the API too.
      resources.includeDefaultResource(ctx);
      return loadAutoConsentedGrant(ctx);
    },
    // `always` (default): the BFF need not ask for offline_access (which oidc-provider would
    // only honour together with prompt=consent); the other profiles as the real IdPs do.
    issueRefreshToken: parts.refresh.issueRefreshToken,
    // Rotate on every use; presenting a used one revokes the whole grant (reuse detection).
    rotateRefreshToken: behaviour.rotateRefreshTokens,
    fetch: rewriteLogoutTokens(loopbackFetch, {
      typ: behaviour.logoutTokenTyp,
      keys: parts.jwks.keys,
      ...(tenantId ? { extraClaims: { tid: tenantId } } : {}),
    }),
    // Access tokens say how the user logged in (RFC 9470), and Entra's which tenant issued them.
    extraTokenClaims: (ctx) => ({
      ...authenticationClaims(ctx),
      ...(tenantId ? { tid: tenantId } : {}),
    }),
    // `acr_values`: the login form, or the form and a one-time code (see acr-levels.ts).
    acrValues: [...ACR_LEVELS],
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: acrPolicy(),
    },
    renderError,
    // No browser talks to the IdP's token endpoints cross-origin; the BFF calls them server-side.
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: (_ctx, token) =>
        token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSeconds,
      ClientCredentials: (_ctx, token) =>
        token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      RefreshToken: DAY,
      Session: DAY,
      Grant: DAY,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: behaviour.revocation,
        // A client revokes only its own tokens (oidc-provider's default, stated to silence it).
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId) {
            throw new errors.InvalidRequest(
              'client is not authorized to revoke the presented token',
            );
          }
          return true;
        },
      },
      backchannelLogout: { enabled: behaviour.backchannelLogout },
      rpInitiatedLogout: { enabled: standardEndSession, logoutSource, postLogoutSuccessSource },
      pushedAuthorizationRequests: {
        enabled: behaviour.par,
        requirePushedAuthorizationRequests: false,
      },
      resourceIndicators: resources.indicators,
      // The BFF's own tokens (no user) for an API, `resource` as above; see toClientMetadata.
      clientCredentials: { enabled: true },
      // RFC 9449; see dpop.ts (requireDpop is per client, in toClientMetadata).
      dPoP: dpopFeature({ nonce: options.dpopNonce }),
    },
  };
}
