import { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { IdpBehaviour } from '../types.ts';

/** The resource indicator of the sample API; every authorization defaults to it. */
export const API_RESOURCE = 'urn:cloakroom:api';

/**
 * Scopes an API access token may carry. The OIDC ones are included so that an ordinary
 * `openid profile email` login still yields a token with a non-empty `scope`; `notes:*` are
 * there for clients that want to ask for them.
 */
export const API_SCOPES = 'openid profile email notes:read notes:write';

/**
 * `features.resourceIndicators` for one API: every token request resolves to {@link API_RESOURCE},
 * and its access tokens are RFC 9068 JWTs for `audience` living `ttlSeconds`.
 *
 * @example
 * ```ts
 * features: { resourceIndicators: apiResourceIndicators({ audience: 'api', ttlSeconds: 300 }) }
 * ```
 */
export function apiResourceIndicators(options: {
  audience: string;
  ttlSeconds: number;
  /** `jwt`: every request defaults to the API; `opaque`: none does; `jwt-with-audience`: see below. */
  accessTokens?: IdpBehaviour['accessTokens'];
}) {
  const mode = options.accessTokens ?? 'jwt';
  const info: ResourceServer = {
    audience: options.audience,
    scope: API_SCOPES,
    accessTokenFormat: 'jwt',
    accessTokenTTL: options.ttlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  };
  return {
    enabled: true,
    // `jwt`: the BFF need not send `resource`: authorization and token requests default to the
    // API. `opaque`: nothing defaults to it, so tokens are opaque ones for userinfo.
    // `jwt-with-audience` (Auth0): the authorization request's `audience` names the API; without
    // it, the token is opaque. Token requests carry no audience: they keep the code's resource.
    defaultResource: (ctx: KoaContextWithOIDC) => {
      if (mode === 'jwt') return API_RESOURCE;
      const audience = mode === 'opaque' ? undefined : ctx.oidc.params?.audience;
      if (audience === undefined) return undefined;
      // Auth0's answer to an audience it does not know.
      if (audience !== options.audience) {
        throw new errors.AccessDenied(`Service not found: ${String(audience)}`);
      }
      return API_RESOURCE;
    },
    // Refresh grants without `resource` keep getting a JWT for the API, not an opaque token.
    useGrantedResource: () => true,
    getResourceServerInfo: (_ctx: KoaContextWithOIDC, indicator: string) => {
      if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
      return info;
    },
  };
}
