// What each real IdP does differently, as far as a token-handler BFF can tell. One line per
// choice says which behaviour of the real IdP it imitates; `default` is the contract's dev IdP.
// No profile signs with PS256/ES256/EdDSA or takes raw Basic credentials by default (client ids
// at these IdPs are alphanumeric, so the encoding never shows): tests switch those on.
import type { IdpBehaviour, IdpProfileName } from '../types.ts';

const DEFAULT: IdpBehaviour = {
  refreshTokens: 'always',
  rotateRefreshTokens: true,
  revocation: true,
  endSession: 'standard',
  backchannelLogout: true,
  logoutTokenTyp: 'logout+jwt',
  tenantIssuer: false,
  par: true,
  accessTokens: 'jwt',
  idTokenAlg: 'RS256',
  thinIdToken: false,
  authorizationResponseIss: true,
  pkce: true,
  basicCredentials: 'decoded',
  offlineAccessScope: true,
  // DPoP is accepted by every profile; requiring it is a FAPI 2.0 choice a test switches on.
  requireDpop: false,
};

/**
 * Every profile's behaviour, complete.
 *
 * @example
 * ```ts
 * idpProfiles.google.refreshTokens; // 'google-offline'
 * ```
 */
export const idpProfiles: Record<IdpProfileName, IdpBehaviour> = {
  default: DEFAULT,
  keycloak: {
    ...DEFAULT,
    // Keycloak issues a refresh token on every code grant; "Revoke Refresh Token" is off by default.
    rotateRefreshTokens: false,
    // Keycloak types its logout tokens "JWT" (not logout+jwt) in the versions deployed widely.
    logoutTokenTyp: 'JWT',
    // Keycloak serves PAR and RFC 9207 iss since 15/16; revocation and back-channel are built in.
  },
  auth0: {
    ...DEFAULT,
    // Auth0 issues refresh tokens only for the offline_access scope, rotation being the usual setting.
    refreshTokens: 'offline_access',
    // Auth0's back-channel logout tokens carry typ "JWT".
    logoutTokenTyp: 'JWT',
    // PAR is an Enterprise add-on at Auth0: off for an ordinary tenant.
    par: false,
    // Without `audience`, Auth0 hands out an opaque token good only for /userinfo.
    accessTokens: 'jwt-with-audience',
    // Auth0 does not send or advertise the RFC 9207 iss parameter.
    authorizationResponseIss: false,
  },
  entra: {
    ...DEFAULT,
    // Multi-tenant apps use /organizations/v2.0, whose discovery says issuer .../{tenantid}/v2.0.
    tenantIssuer: true,
    // Entra issues refresh tokens only for offline_access; old ones stay valid after a refresh.
    refreshTokens: 'offline_access',
    rotateRefreshTokens: false,
    // Entra has no RFC 7009 revocation endpoint and no back-channel logout (front-channel only).
    revocation: false,
    backchannelLogout: false,
    logoutTokenTyp: 'JWT',
    // Entra advertises neither PAR nor RFC 9207 iss.
    par: false,
    authorizationResponseIss: false,
  },
  okta: {
    ...DEFAULT,
    // Okta issues refresh tokens for offline_access only, rotating them when configured to.
    refreshTokens: 'offline_access',
    // Okta ends its session only with id_token_hint and redirects back only with a state.
    endSession: 'needs-hint-and-state',
    // No back-channel logout for an ordinary Okta org.
    backchannelLogout: false,
    logoutTokenTyp: 'JWT',
    // Okta's ID token from the code flow has no profile claims: the client reads /userinfo.
    thinIdToken: true,
    // Okta serves PAR, but does not advertise RFC 9207 iss.
    authorizationResponseIss: false,
  },
  google: {
    ...DEFAULT,
    // Google gives a refresh token only for access_type=offline with prompt=consent, never rotated.
    refreshTokens: 'google-offline',
    rotateRefreshTokens: false,
    // Google revokes at oauth2.googleapis.com/revoke but has no end_session_endpoint at all.
    endSession: 'none',
    backchannelLogout: false,
    logoutTokenTyp: 'JWT',
    // No PAR, no RFC 9207 metadata at Google.
    par: false,
    authorizationResponseIss: false,
    // Google access tokens are opaque (ya29...), meant for Google's own APIs.
    accessTokens: 'opaque',
    // Google refuses the offline_access scope (invalid_scope); access_type=offline replaces it.
    offlineAccessScope: false,
  },
  cognito: {
    ...DEFAULT,
    // Cognito always issues a refresh token and never rotates it by default.
    rotateRefreshTokens: false,
    // Cognito's discovery has no revocation_endpoint and no end_session_endpoint: its logout is
    // GET /logout?client_id&logout_uri; no back-channel logout.
    revocation: false,
    endSession: 'cognito',
    backchannelLogout: false,
    logoutTokenTyp: 'JWT',
    // No PAR and no RFC 9207 at Cognito.
    par: false,
    authorizationResponseIss: false,
  },
  // An older or minimal IdP without PKCE: nothing in discovery, and nothing enforced.
  'no-pkce': { ...DEFAULT, pkce: false },
};

/**
 * The profile names, in a stable order (for error messages and env validation).
 *
 * @example
 * ```ts
 * for (const profile of IDP_PROFILE_NAMES) await startStack({ idpProfile: profile });
 * ```
 */
export const IDP_PROFILE_NAMES = Object.keys(idpProfiles) as IdpProfileName[];
