import * as client from 'openid-client';
import { BffError } from '../errors/bff-error.ts';
import type { TokenSet } from '../session/session-data.ts';
import { translateOidcError } from './translate-oidc-error.ts';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  redirectUri: string;
  allowInsecureIssuer: boolean;
  timeoutSeconds: number;
  now: () => number;
}

/** The result of a successful login at the IdP. */
export interface LoginResult {
  tokens: TokenSet;
  claims: Record<string, unknown>;
}

/**
 * Everything the BFF asks of the OpenID Provider, through openid-client v6. Discovery runs lazily
 * and is cached; a failed discovery is retried on the next call, so the BFF starts (and reports
 * not-ready) while the IdP is down. Every openid-client or network failure leaves this module as
 * a {@link BffError}: endpoint code never inspects library errors.
 */
export class OidcClient {
  readonly #options: OidcClientOptions;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(options: OidcClientOptions) {
    this.#options = options;
  }

  /** The discovered configuration (throws `idp_unavailable` while the IdP cannot be reached). */
  configuration(): Promise<client.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  async #discover(): Promise<client.Configuration> {
    const o = this.#options;
    const auth =
      o.tokenEndpointAuthMethod === 'none'
        ? client.None()
        : o.tokenEndpointAuthMethod === 'client_secret_post'
          ? client.ClientSecretPost(o.clientSecret)
          : client.ClientSecretBasic(o.clientSecret);
    try {
      return await client.discovery(new URL(o.issuer), o.clientId, undefined, auth, {
        timeout: o.timeoutSeconds,
        execute: o.allowInsecureIssuer ? [client.allowInsecureRequests] : [],
      });
    } catch (error) {
      throw translateOidcError(error, 'discovery');
    }
  }

  async authorizationUrl(params: Record<string, string>): Promise<URL> {
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#options.redirectUri,
      ...params,
    });
  }

  /** Exchanges the authorization code; validates state, nonce, PKCE and the ID token. */
  async exchangeCode(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<LoginResult> {
    const configuration = await this.configuration();
    try {
      const response = await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = response.claims();
      if (!claims) throw new BffError('login_failed', 'The IdP returned no ID token.');
      return { tokens: this.#toTokenSet(response), claims: { ...claims } };
    } catch (error) {
      throw translateOidcError(error, 'code');
    }
  }

  /** Uses a refresh token; rotated refresh tokens replace the old one. */
  async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) {
      throw new BffError('session_expired', 'The session has no refresh token; log in again.');
    }
    const configuration = await this.configuration();
    try {
      const response = await client.refreshTokenGrant(configuration, current.refreshToken);
      const next = this.#toTokenSet(response);
      return {
        ...next,
        refreshToken: next.refreshToken ?? current.refreshToken,
        idToken: next.idToken ?? current.idToken,
      };
    } catch (error) {
      throw translateOidcError(error, 'refresh');
    }
  }

  /** RFC 7009 revocation; a no-op when the IdP has no revocation endpoint. */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<void> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().revocation_endpoint) return;
    try {
      await client.tokenRevocation(configuration, token, { token_type_hint: hint });
    } catch (error) {
      throw translateOidcError(error, 'revocation');
    }
  }

  /** The IdP's end-session URL, or undefined when it has none. */
  async endSessionUrl(params: Record<string, string>): Promise<URL | undefined> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, params);
  }

  /**
   * Whether the IdP answers its discovery document now (for readiness). The configuration itself
   * stays cached; this only asks whether the IdP is reachable at this moment.
   */
  async probe(timeoutMs: number): Promise<void> {
    await this.configuration();
    const url = new URL(this.#options.issuer);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  }

  /** The IdP's metadata (discovery), for the back-channel logout validator. */
  async metadata(): Promise<client.ServerMetadata> {
    return (await this.configuration()).serverMetadata();
  }

  #toTokenSet(
    response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): TokenSet {
    const expiresIn = response.expiresIn() ?? 300;
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      idToken: response.id_token,
      accessTokenExpiresAt: this.#options.now() + expiresIn * 1000,
      scope: response.scope,
    };
  }
}
