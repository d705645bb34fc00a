// The dev IdP's resource servers (RFC 8707): the sample API, which every request defaults to,
// and the resources listed in `IDP_RESOURCES`, whose tokens carry the resource URI as `aud`.
//
// oidc-provider applies `defaultResource` only to an authorization request that names no
// resource at all. A BFF that asks for `resource=urn:cloakroom:billing` at login still expects
// its code to be exchanged for the API token, as without it; so the default API is added to
// such a request too (`includeDefaultResource`, run when the grant is loaded), and a token
// request without `resource` picks it among the granted ones (`defaultResource`'s `oneOf`).
import {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';
import type { IdpBehaviour } from '../types.ts';

/** The resource indicator of the sample API; every authorization defaults to it. */
export const API_RESOURCE = 'urn:cloakroom:api';

/**
 * Scopes an API access token may carry. The OIDC ones are included so that an ordinary
 * `openid profile email` login still yields a token with a non-empty `scope`; `notes:*` are
 * there for clients that want to ask for them.
 */
export const API_SCOPES = 'openid profile email notes:read notes:write';

/** The provider's static (OpenID Connect) scopes; every other scope is a resource's. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'];

type ResourceIndicatorsFeature = NonNullable<
  NonNullable<Configuration['features']>['resourceIndicators']
>;

/** What {@link apiResources} answers. */
export interface ApiResources {
  /** `features.resourceIndicators` of the provider. */
  indicators: ResourceIndicatorsFeature;
  /**
   * Adds the default API to an authorization request that names other resources, so that its
   * code yields the API token as before. Call once the request's resources are resolved (from
   * `loadExistingGrant`, which runs right before consent and the code are made).
   */
  includeDefaultResource(ctx: KoaContextWithOIDC): void;
}

/** Options of {@link apiResources}. */
export interface ApiResourcesOptions {
  /** The `aud` of the sample API's tokens. */
  audience: string;
  ttlSeconds: number;
  /** `jwt`: every request defaults to the API; `opaque`: none does; `jwt-with-audience`: see below. */
  accessTokens?: IdpBehaviour['accessTokens'];
  /** More resource indicators (absolute URIs): each gets JWTs whose `aud` is itself. */
  resources?: readonly string[];
}

/** Non-OIDC scopes in a space-separated list. */
const resourceScopes = (scope: unknown): string[] =>
  typeof scope === 'string'
    ? scope.split(' ').filter((s) => s !== '' && !OIDC_SCOPES.includes(s))
    : [];

/**
 * The scopes a listed resource knows: the API's, every other non-OIDC scope this request asks
 * for (`billing`), and what the grant already holds for it (a refresh without `scope` keeps
 * them). The grant still decides what a token gets; this only lets a first-party route name its
 * own scope without registering it here.
 */
function listedResourceScope(ctx: KoaContextWithOIDC, indicator: string): string {
  const scopes = new Set(API_SCOPES.split(' '));
  for (const scope of resourceScopes(ctx.oidc.params?.scope)) scopes.add(scope);
  const granted = ctx.oidc.entities.Grant?.getResourceScope(indicator);
  for (const scope of resourceScopes(granted)) scopes.add(scope);
  return [...scopes].join(' ');
}

/**
 * `features.resourceIndicators` for the sample API and the listed `resources`: access tokens
 * are RFC 9068 JWTs living `ttlSeconds`, for `audience` (the API) or for the resource URI.
 * Any other resource is `invalid_target`.
 *
 * @example
 * ```ts
 * const resources = apiResources({ audience: 'api', ttlSeconds: 300, resources: ['urn:x:billing'] });
 * new Provider(issuer, {
 *   features: { resourceIndicators: resources.indicators },
 *   loadExistingGrant: async (ctx) => (resources.includeDefaultResource(ctx), loadGrant(ctx)),
 * });
 * ```
 */
export function apiResources(options: ApiResourcesOptions): ApiResources {
  const mode = options.accessTokens ?? 'jwt';
  const listed = new Set(options.resources ?? []);
  const jwt = {
    accessTokenFormat: 'jwt',
    accessTokenTTL: options.ttlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  } satisfies Partial<ResourceServer>;
  const apiInfo: ResourceServer = { ...jwt, audience: options.audience, scope: API_SCOPES };

  // `jwt`: the BFF need not send `resource`: authorization and token requests default to the
  // API. `opaque`: nothing defaults to it, so tokens are opaque ones for userinfo.
  // `jwt-with-audience` (Auth0): the authorization request's `audience` names the API; without
  // it, the token is opaque. Token requests carry no audience: they keep the code's resource.
  const requestDefault = (ctx: KoaContextWithOIDC): string | undefined => {
    if (mode === 'jwt') return API_RESOURCE;
    const audience = mode === 'opaque' ? undefined : ctx.oidc.params?.audience;
    if (audience === undefined) return undefined;
    // Auth0's answer to an audience it does not know.
    if (audience !== options.audience) {
      throw new errors.AccessDenied(`Service not found: ${String(audience)}`);
    }
    return API_RESOURCE;
  };

  return {
    indicators: {
      enabled: true,
      // `oneOf`: a token request without `resource` for a grant of several resources picks the
      // API (a login that named other resources also got it), else the userinfo token.
      defaultResource: (ctx, _client, oneOf) => {
        if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : undefined;
        return requestDefault(ctx);
      },
      // Token requests without `resource` keep getting a JWT for the API, not an opaque token,
      // when the API was granted; a grant of only other resources gets the userinfo token.
      useGrantedResource: (_ctx, model) => model.resourceIndicators.has(API_RESOURCE),
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator === API_RESOURCE) return apiInfo;
        if (!listed.has(indicator)) throw new errors.InvalidTarget();
        return { ...jwt, audience: indicator, scope: listedResourceScope(ctx, indicator) };
      },
    },
    includeDefaultResource(ctx) {
      const { resourceServers } = ctx.oidc;
      if (
        !resourceServers ||
        API_RESOURCE in resourceServers ||
        requestDefault(ctx) !== API_RESOURCE
      )
        return;
      resourceServers[API_RESOURCE] = new ctx.oidc.provider.ResourceServer(API_RESOURCE, apiInfo);
    },
  };
}
