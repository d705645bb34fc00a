import type { Provider } from 'oidc-provider';

/** A confidential relying party registered at the dev IdP. */
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where the IdP POSTs back-channel logout tokens (sid is always included). */
  backchannelLogoutUri?: string;
}

/** What {@link createIdp} needs to build a provider. */
export interface IdpOptions {
  issuer: string;
  clients: IdpClient[];
  /** Lifetime of JWT access tokens, in seconds. Default 300. */
  accessTokenTtlSeconds?: number;
  /** The `aud` of access tokens for the sample API. Default `'api'`. */
  audience?: string;
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
  /** The base URL it listens on (equal to `issuer` when the issuer was derived). */
  url: string;
  stats: IdpStats;
  provider: Provider;
  close(): Promise<void>;
}
