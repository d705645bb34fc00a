import type { JsonWebKey } from 'node:crypto';
import type { Provider } from 'oidc-provider';

/** A confidential relying party registered at the dev IdP. */
export interface IdpClient {
  clientId: string;
  /** The shared secret; `''` for a `private_key_jwt` client, which has none. */
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where the IdP POSTs back-channel logout tokens (sid is always included). */
  backchannelLogoutUri?: string;
  /** Default `client_secret_basic` (client_secret_post is accepted as well). */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'private_key_jwt';
  /** For `private_key_jwt`: where the IdP fetches the client's public keys... */
  jwksUri?: string;
  /** ...or the public keys themselves. */
  jwks?: { keys: JsonWebKey[] };
}

/** Which real IdP the dev IdP imitates; `default` is the contract's own dev IdP. */
export type IdpProfileName =
  'default' | 'keycloak' | 'auth0' | 'entra' | 'okta' | 'google' | 'cognito' | 'no-pkce';

/** The switches a profile sets; each one is a difference seen at some real IdP. */
export interface IdpBehaviour {
  /** When refresh tokens are issued. `google-offline`: only when the authorization request had `access_type=offline` and `prompt=consent`. */
  refreshTokens: 'always' | 'offline_access' | 'google-offline' | 'never';
  /** A refresh grant returns a new refresh token (the used one dies, reuse revokes the grant). */
  rotateRefreshTokens: boolean;
  /** `revocation_endpoint` advertised and served (RFC 7009). */
  revocation: boolean;
  /**
   * `standard`: RP-initiated logout at `end_session_endpoint`. `none`: no logout endpoint at all.
   * `cognito`: only Cognito's `GET /logout?client_id&logout_uri`, not in discovery.
   * `needs-hint-and-state`: the standard endpoint, but the IdP session ends only with
   * `id_token_hint`, and it redirects to `post_logout_redirect_uri` only when `state` is sent.
   */
  endSession: 'standard' | 'none' | 'cognito' | 'needs-hint-and-state';
  /** OIDC back-channel logout to clients that registered a URI. */
  backchannelLogout: boolean;
  /** The `typ` header of back-channel logout tokens. */
  logoutTokenTyp: 'logout+jwt' | 'JWT' | 'absent';
  /** Entra multi-tenant: issuer `<base>/<DEV_TENANT_ID>/v2.0`, `tid` claims, `{tenantid}` discovery at `/common/v2.0` and `/organizations/v2.0`. */
  tenantIssuer: boolean;
  /** Pushed authorization requests (RFC 9126) served, not required. */
  par: boolean;
  /** `jwt-with-audience` (Auth0): a JWT for the API only when the authorization request carried `audience=<API audience>`, else opaque. */
  accessTokens: 'jwt' | 'opaque' | 'jwt-with-audience';
  /** Signing algorithm of ID tokens (and logout tokens). */
  idTokenAlg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  /** The ID token carries only `sub` and protocol claims; profile and email only at userinfo. */
  thinIdToken: boolean;
  /** RFC 9207: `iss` in the authorization response, and the metadata flag saying so. */
  authorizationResponseIss: boolean;
  /** `false`: `code_challenge_methods_supported` absent from discovery and PKCE not required. */
  pkce: boolean;
  /** `raw`: client_secret_basic credentials are not form-decoded (RFC 6749 §2.3.1), so `%2D` for `-` fails with `401 unauthorized_client`. */
  basicCredentials: 'decoded' | 'raw';
  /** `false` (Google): `offline_access` is not in `scopes_supported`, and asking for it is an `invalid_scope` error. */
  offlineAccessScope: boolean;
  /** FAPI 2.0-style: every token request (code, refresh, client credentials) must carry a DPoP proof (RFC 9449 §5.2 `dpop_bound_access_tokens`). */
  requireDpop: boolean;
}

/** What {@link createIdp} needs to build a provider. */
export interface IdpOptions {
  /** The issuer; with `tenantIssuer` (Entra), the base URL the tenant issuer is made from. */
  issuer: string;
  clients: IdpClient[];
  /** Lifetime of JWT access tokens, in seconds. Default 300. */
  accessTokenTtlSeconds?: number;
  /** The `aud` of access tokens for the sample API. Default `'api'`. */
  audience?: string;
  /**
   * More resource indicators (RFC 8707), absolute URIs: a token request with `resource=<r>`
   * (refresh_token, client_credentials, or a code whose authorization named it) gets a JWT with
   * `aud` = r. Default none: only the sample API, which a request without `resource` gets.
   */
  resources?: string[];
  /**
   * DPoP proofs at the token and PAR endpoints must carry a nonce this IdP issued (RFC 9449 §8):
   * without one, `400 use_dpop_nonce` and a `DPoP-Nonce` header. Default `false` (env
   * `IDP_DPOP_NONCE=true`).
   */
  dpopNonce?: boolean;
  /** The real IdP to imitate. Default `'default'`. */
  profile?: IdpProfileName;
  /** Switches over the profile's. */
  behaviour?: Partial<IdpBehaviour>;
}

/** Live counters that tests read to see what happened at the IdP. */
export interface IdpStats {
  /** Successful token grants, by `grant_type`. */
  grants: Record<string, number>;
  /** Failed token requests, by OAuth error code (e.g. `invalid_grant`). */
  grantErrors: Record<string, number>;
  /** Revocation requests that named a token the IdP knew. */
  revocations: number;
  /** Back-channel logout POSTs answered 200/204. */
  backchannelSuccess: number;
  /** Back-channel logout POSTs that failed (refused, timed out, non-2xx). */
  backchannelErrors: number;
}

/** A listening dev IdP. */
export interface RunningIdp {
  issuer: string;
  /**
   * The issuer a relying party is configured with: `issuer`, except for a tenant issuer
   * (Entra), where it is the multi-tenant `<base>/organizations/v2.0`.
   */
  bffIssuer: string;
  /** The behaviour in force (the profile's, with the overrides). */
  behaviour: IdpBehaviour;
  /** The base URL it listens on (equal to `issuer` when the issuer was derived). */
  url: string;
  stats: IdpStats;
  provider: Provider;
  close(): Promise<void>;
}
