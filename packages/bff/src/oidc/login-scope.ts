import type { ProxyRoute } from '../options.ts';

/** Routes whose upstream gets a token of the user's. */
const userRoutes = (routes: readonly ProxyRoute[]) =>
  routes.filter((route) => route.token === 'user' || route.token === 'user-or-none');

/**
 * What a login asks for so that the grant covers every API a route needs a user token for: the
 * configured scope plus each such route's `scope`, and each route's `resource` (RFC 8707 §2.1:
 * the IdP learns at consent which APIs the refresh token will be used for).
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
    for (const token of route.scope?.split(' ') ?? []) scopes.add(token);
    if (route.resource) resources.add(route.resource);
  }
  return { scope: [...scopes].join(' '), resources: [...resources] };
}
