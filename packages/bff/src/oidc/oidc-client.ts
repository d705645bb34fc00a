import * as client from 'openid-client';
import { BffError } from '../errors/bff-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { ResourceAccessToken, TokenSet } from '../session/session-data.ts';
import type { TokenRequest } from '../tokens/token-slot.ts';
import { createDpopHandles } from '../dpop/dpop-handles.ts';
import type { DpopKey } from '../dpop/dpop-key.ts';
import type { ClientKeys } from './client-keys.ts';
import { fillEndSessionTemplate } from './end-session-template.ts';
import { logMissingCapabilities } from './missing-capabilities.ts';
import { idTokenOnlyClaims } from './protocol-claims.ts';
import { discoverTenantIssuer } from './tenant-issuer.ts';
import { readChallenge, translateOidcError } from './translate-oidc-error.ts';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  tokenEndpointAuthMethod:
    'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  clientKeys: ClientKeys;
  redirectUri: string;
  allowInsecureIssuer: boolean;
  timeoutSeconds: number;
  clockToleranceSeconds: number;
  pushedAuthorizationRequests: boolean;
  userinfo: boolean;
  endSessionUrl?: string | undefined;
  /** Refuse an authorization response without RFC 9207's `iss` (the FAPI 2.0 profile). */
  requireIssParameter?: boolean | undefined;
  logger: Logger;
  now: () => number;
}

/** A token request's `resource` and `scope` as token endpoint parameters. */
function tokenParameters(request: TokenRequest): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (request.resource !== undefined) parameters.resource = request.resource;
  if (request.scope !== undefined) parameters.scope = request.scope;
  return parameters;
}

/** The userinfo answer without what only the signed ID token may say. */
function withoutProtocolClaims(userinfo: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(userinfo).filter(([name]) => !idTokenOnlyClaims.has(name)),
  );
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
    const discover = (server: URL) =>
      client.discovery(
        server,
        o.clientId,
        { [client.clockTolerance]: o.clockToleranceSeconds },
        this.#authentication(),
        {
          timeout: o.timeoutSeconds,
          execute: o.allowInsecureIssuer ? [client.allowInsecureRequests] : [],
        },
      );
    let configuration: client.Configuration;
    try {
      configuration = await discoverTenantIssuer(new URL(o.issuer), discover);
    } catch (error) {
      throw translateOidcError(error, 'discovery');
    }
    this.#metadataNow = configuration.serverMetadata();
    if (!this.#reported) {
      this.#reported = true;
      logMissingCapabilities(configuration.serverMetadata(), o, o.logger);
    }
    return configuration;
  }

  #reported = false;

  #authentication(): client.ClientAuth {
    const o = this.#options;
    switch (o.tokenEndpointAuthMethod) {
      case 'none':
        return client.None();
      case 'client_secret_post':
        return client.ClientSecretPost(o.clientSecret);
      case 'private_key_jwt': {
        const signing = o.clientKeys.signing!;
        return client.PrivateKeyJwt(
          { key: signing.key, kid: signing.kid },
          { [client.modifyAssertion]: (header, payload) => this.#shapeAssertion(header, payload) },
        );
      }
      default:
        return client.ClientSecretBasic(o.clientSecret);
    }
  }

  /**
   * A client assertion as every IdP takes it: `aud` is the issuer (openid-client's choice, which
   * Auth0 and Keycloak want), except for a tenant template, whose literal `{tenantid}` names no
   * server: Entra wants its token endpoint there. A certificate's thumbprints go in the header,
   * where Entra looks for the key.
   */
  #shapeAssertion(header: Record<string, unknown>, payload: Record<string, unknown>): void {
    const signing = this.#options.clientKeys.signing;
    // oauth4webapi names an Ed25519 key's algorithm `Ed25519`; the key is published (and IdPs
    // match it) as the JWS `EdDSA`. The signature is the same.
    if (signing) header.alg = signing.alg;
    if (signing?.thumbprints) Object.assign(header, signing.thumbprints);
    const metadata = this.#metadataNow;
    if (metadata?.issuer.includes('{tenantid}') && metadata.token_endpoint) {
      payload.aud = metadata.token_endpoint;
    }
  }

  #metadataNow: client.ServerMetadata | undefined;

  readonly #dpopHandles = createDpopHandles(1_000);

  /** openid-client's options for a token request with proofs of `key` (none without a key). */
  #dpop(configuration: client.Configuration, key: DpopKey | undefined) {
    return key ? { DPoP: this.#dpopHandles.for(configuration, key) } : undefined;
  }

  /** The issuer a token's `iss` must name: the discovered one, a tenant template filled in. */
  async expectedIssuer(claims: Record<string, unknown>): Promise<string> {
    const issuer = (await this.metadata()).issuer;
    if (!issuer.includes('{tenantid}')) return issuer;
    if (typeof claims.tid !== 'string' || !/^[\w-]{1,64}$/.test(claims.tid)) {
      throw new BffError('invalid_logout_token', 'The token names no tenant (tid).');
    }
    return issuer.replace('{tenantid}', claims.tid);
  }

  /**
   * Where the browser goes to log in: a plain authorization URL, or a PAR `request_uri` one.
   * Each of `resources` becomes one `resource` parameter (RFC 8707 §2.1), so the grant covers
   * every API whose token the BFF will ask for with the refresh token.
   */
  async authorizationUrl(
    params: Record<string, string>,
    resources: readonly string[] = [],
  ): Promise<URL> {
    const configuration = await this.configuration();
    const all = new URLSearchParams({ redirect_uri: this.#options.redirectUri, ...params });
    for (const resource of resources) all.append('resource', resource);
    if (!this.#options.pushedAuthorizationRequests) {
      return client.buildAuthorizationUrl(configuration, all);
    }
    try {
      return await client.buildAuthorizationUrlWithPAR(configuration, all);
    } catch (error) {
      throw translateOidcError(await readChallenge(error), 'par');
    }
  }

  /** Exchanges the authorization code; validates state, nonce, PKCE and the ID token. */
  async exchangeCode(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
    dpop?: DpopKey,
  ): Promise<LoginResult> {
    const configuration = await this.configuration();
    if (this.#options.requireIssParameter && !callbackUrl.searchParams.has('iss')) {
      // openid-client checks an `iss` that is there; the profile also needs it to be there.
      throw new BffError(
        'login_failed',
        'The identity provider did not name itself in its answer (RFC 9207 iss), which the FAPI 2.0 profile requires.',
      );
    }
    try {
      const response = await client.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        },
        undefined,
        this.#dpop(configuration, dpop),
      );
      const claims = response.claims();
      if (!claims) throw new BffError('login_failed', 'The IdP returned no ID token.');
      const userinfo = this.#options.userinfo
        ? withoutProtocolClaims(
            await client.fetchUserInfo(
              configuration,
              response.access_token,
              claims.sub,
              this.#dpop(configuration, dpop),
            ),
          )
        : {};
      // The ID token's claims win: they are signed, the userinfo answer only adds what it lacks.
      return { tokens: this.#toTokenSet(response), claims: { ...userinfo, ...claims } };
    } catch (error) {
      throw translateOidcError(await readChallenge(error), 'code');
    }
  }

  /**
   * Uses a refresh token; rotated refresh tokens replace the old one. With a `resource` (RFC 8707)
   * or `scope`, the access token is for that resource or narrowed to that scope.
   */
  async refresh(current: TokenSet, request: TokenRequest = {}, dpop?: DpopKey): Promise<TokenSet> {
    if (!current.refreshToken) {
      throw new BffError('session_expired', 'The session has no refresh token; log in again.');
    }
    const configuration = await this.configuration();
    try {
      const response = await client.refreshTokenGrant(
        configuration,
        current.refreshToken,
        tokenParameters(request),
        this.#dpop(configuration, dpop),
      );
      const next = this.#toTokenSet(response);
      return {
        ...next,
        refreshToken: next.refreshToken ?? current.refreshToken,
        idToken: next.idToken ?? current.idToken,
      };
    } catch (error) {
      throw translateOidcError(await readChallenge(error), 'refresh');
    }
  }

  /**
   * A client-credentials token of the BFF's own client (no user), for `resource`/`scope`.
   *
   * @example
   * const token = await oidc.clientCredentials({ resource: 'urn:reports' });
   */
  async clientCredentials(request: TokenRequest, dpop?: DpopKey): Promise<ResourceAccessToken> {
    const configuration = await this.configuration();
    try {
      const response = await client.clientCredentialsGrant(
        configuration,
        tokenParameters(request),
        this.#dpop(configuration, dpop),
      );
      const tokens = this.#toTokenSet(response);
      return {
        accessToken: tokens.accessToken,
        expiresAt: tokens.accessTokenExpiresAt,
        obtainedAt: tokens.accessTokenObtainedAt ?? this.#options.now(),
        scope: tokens.scope,
        ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}),
      };
    } catch (error) {
      throw translateOidcError(await readChallenge(error), 'client_credentials');
    }
  }

  /** RFC 7009 revocation; a no-op when the IdP has no revocation endpoint. */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<void> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().revocation_endpoint) return;
    try {
      await client.tokenRevocation(configuration, token, { token_type_hint: hint });
    } catch (error) {
      throw translateOidcError(await readChallenge(error), 'revocation');
    }
  }

  /**
   * The IdP's end-session URL (the configured template, else the discovered endpoint), or
   * undefined when it has none.
   */
  async endSessionUrl(params: {
    client_id: string;
    post_logout_redirect_uri: string;
    state: string;
    id_token_hint?: string;
  }): Promise<URL | undefined> {
    if (this.#options.endSessionUrl)
      return fillEndSessionTemplate(this.#options.endSessionUrl, params);
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
    const now = this.#options.now();
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      idToken: response.id_token,
      accessTokenExpiresAt: now + expiresIn * 1000,
      accessTokenObtainedAt: now,
      // Only a DPoP-bound token is marked: it must be presented with proofs (RFC 9449 §5).
      ...(response.token_type.toLowerCase() === 'dpop' ? { tokenType: 'DPoP' as const } : {}),
      scope: response.scope,
    };
  }
}
