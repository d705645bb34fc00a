import type { ProxyRoute } from '../options.ts';

/** Routes whose upstream gets a token of the user's. */
const userRoutes = (routes: readonly ProxyRoute[]) =>
  routes.filter((route) => route.token === 'user' || route.token === 'user-or-none');

/**
 * What a login asks for so that the grant covers every API a route needs a user token for: each
 * such route's `resource` (RFC 8707 §2.1: the IdP learns at consent which APIs the refresh token
 * will be used for) and its `scope` added to the configured scope.
 *
 * @example
 * loginScope('openid offline_access', [{ token: 'user', scope: 'billing', resource: 'urn:b' }]);
 * // { scope: 'openid offline_access billing', resources: ['urn:b'] }
 */
export function loginScope(
  scope: string,
  routes: readonly ProxyRoute[],
): { scope: string; resources: string[] } {
  const scopes = new Set(scope.split(' ').filter(Boolean));
  const resources = new Set<string>();
  for (const route of userRoutes(routes)) {
    // A scope without a resource names the API itself (Entra's `api://x/.default`): asked for at
    // refresh only, since such IdPs refuse one login for several APIs.
    if (!route.resource) continue;
    resources.add(route.resource);
    for (const token of route.scope?.split(' ') ?? []) scopes.add(token);
  }
  return { scope: [...scopes].join(' '), resources: [...resources] };
}
