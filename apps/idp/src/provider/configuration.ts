import { randomBytes } from 'node:crypto';
import { errors, type ClientMetadata, type Configuration } from 'oidc-provider';
import { findAccount } from '../accounts.ts';
import type { ResolvedIdpOptions } from '../resolve-options.ts';
import type { IdpClient } from '../types.ts';
import { renderError } from '../views/error-page.ts';
import { logoutSource, postLogoutSuccessSource } from '../views/logout-page.ts';
import { apiResourceIndicators } from './api-resource.ts';
import { loadAutoConsentedGrant } from './auto-consent.ts';
import { loopbackFetch } from './loopback-fetch.ts';
import { createMemoryAdapter } from './memory-adapter.ts';
import { generateSigningKeys } from './signing-keys.ts';

const DAY = 24 * 60 * 60;

/** A Cloakroom client as oidc-provider metadata: confidential, code flow, refresh allowed. */
export function toClientMetadata(client: IdpClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // oidc-provider accepts client_secret_post as well for a client registered with _basic.
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid profile email offline_access',
    ...(client.backchannelLogoutUri === undefined
      ? {}
      : {
          backchannel_logout_uri: client.backchannelLogoutUri,
          backchannel_logout_session_required: true,
        }),
  };
}

/**
 * The oidc-provider configuration of the dev IdP. Every choice the contract depends on is here:
 * own interactions, PKCE always, rotated refresh tokens always issued, JWT access tokens for the
 * API, back-channel logout allowed to reach loopback.
 *
 * @example
 * ```ts
 * new Provider(options.issuer, providerConfiguration(resolveOptions(options)));
 * ```
 */
export function providerConfiguration(options: ResolvedIdpOptions): Configuration {
  return {
    adapter: createMemoryAdapter(),
    clients: options.clients.map(toClientMetadata),
    jwks: generateSigningKeys(),
    // Random per start: interaction and session cookies of an earlier run simply stop matching.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount,
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // Put the profile/email claims in the id_token: the BFF reads the user from it.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    loadExistingGrant: loadAutoConsentedGrant,
    // Always, for a client allowed the grant: the BFF need not ask for offline_access (which
    // oidc-provider would only honour together with prompt=consent).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Rotate on every use; presenting a used one revokes the whole grant (reuse detection).
    rotateRefreshToken: true,
    fetch: loopbackFetch,
    renderError,
    // No browser talks to the IdP's token endpoints cross-origin; the BFF calls them server-side.
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: (_ctx, token) =>
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
        enabled: true,
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
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: apiResourceIndicators({
        audience: options.audience,
        ttlSeconds: options.accessTokenTtlSeconds,
      }),
    },
  };
}
