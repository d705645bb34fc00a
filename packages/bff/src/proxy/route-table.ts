import { BffError } from '../errors/bff-error.ts';
import type { ProxyRoute } from '../options.ts';
import { createUpstreamClient, type UpstreamClient } from './upstream-client.ts';
import type { CheckedTarget } from './upstream-path.ts';

export interface ResolvedRoute extends ProxyRoute {
  client: UpstreamClient;
  /**
   * A pool of its own for event streams, without a connection cap: each open stream holds a
   * connection for as long as it lives, and in the request pool 128 of them would starve every
   * other call. Live connections are capped per instance instead (`live.maxPerInstance`).
   */
  streamClient: UpstreamClient;
  upstreamBasePath: string;
  /** The upstream's origin (`http://api:8080`): DPoP proofs' `htu` starts with it. */
  upstreamOrigin: string;
}

type Timeouts = Parameters<typeof createUpstreamClient>[1];

/**
 * The proxy's routes, longest path first, each with its own keep-alive pool (and its own
 * timeouts). A request path that matches no route is not forwarded anywhere.
 *
 * Paths match case-insensitively: servers such as IIS and Spring (by configuration) read
 * `/api/ADMIN` as `/api/admin`, so a case spelling must not move a request from the route meant
 * for it to a looser one. A route's path matches itself and what continues with `/` (a segment
 * boundary: `/api/billing` does not match `/api/billing-service`).
 *
 * @example
 * const table = createRouteTable([{ path: '/api', upstream: 'http://api:8080', ... }], timeouts);
 * table.match(checkRequestTarget('/api/notes')); // { route, rest: '/notes' }
 */
export function createRouteTable(routes: readonly ProxyRoute[], timeouts: Timeouts) {
  const resolved = routes
    .toSorted((a, b) => b.path.length - a.path.length)
    .map((route) => {
      const upstream = new URL(route.upstream);
      const resolvedRoute: ResolvedRoute = {
        ...route,
        client: createUpstreamClient(upstream.origin, { ...timeouts, ...route.timeouts }),
        streamClient: createUpstreamClient(upstream.origin, {
          ...timeouts,
          ...route.timeouts,
          connections: null,
        }),
        upstreamBasePath: upstream.pathname,
        upstreamOrigin: upstream.origin,
      };
      return { route: resolvedRoute, lowerPrefix: route.path.toLowerCase() };
    });

  const startsAtBoundary = (path: string, prefix: string) =>
    path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/');

  return {
    /**
     * The route for a checked target, and the path that follows its prefix (still to be joined
     * to the upstream's base path). `invalid_path` when `;` parameters sit inside the matched
     * prefix (`/api/billing;x/me`): upstreams disagree on what such a path names.
     */
    match(target: CheckedTarget): { route: ResolvedRoute; rest: string } | undefined {
      const lowerMatch = target.matchPath.toLowerCase();
      const lowerPath = target.path === target.matchPath ? lowerMatch : target.path.toLowerCase();
      for (const { route, lowerPrefix } of resolved) {
        if (!startsAtBoundary(lowerMatch, lowerPrefix)) continue;
        if (lowerPath !== lowerMatch && !startsAtBoundary(lowerPath, lowerPrefix)) {
          throw new BffError('invalid_path');
        }
        return { route, rest: target.path.slice(lowerPrefix.length) };
      }
      return undefined;
    },
    /** Every route, longest path first. */
    routes: resolved.map(({ route }) => route),
    async close(): Promise<void> {
      await Promise.all(
        resolved.flatMap(({ route }) => [route.client.close(), route.streamClient.close()]),
      );
    },
  };
}

export type RouteTable = ReturnType<typeof createRouteTable>;
