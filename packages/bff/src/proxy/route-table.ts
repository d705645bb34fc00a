import type { ProxyRoute } from '../options.ts';
import { createUpstreamClient, type UpstreamClient } from './upstream-client.ts';

export interface ResolvedRoute extends ProxyRoute {
  client: UpstreamClient;
  upstreamBasePath: string;
}

/**
 * The proxy's routes, longest prefix first, each with its own keep-alive pool. A request path
 * that matches no route is not forwarded anywhere.
 *
 * @example
 * const table = createRouteTable([{ prefix: '/api', upstream: 'http://api:8080', ... }], timeouts);
 * table.match('/api/notes'); // { route, rest: '/notes' }
 */
export function createRouteTable(
  routes: readonly ProxyRoute[],
  timeouts: Parameters<typeof createUpstreamClient>[1],
) {
  const resolved: ResolvedRoute[] = routes
    .toSorted((a, b) => b.prefix.length - a.prefix.length)
    .map((route) => {
      const upstream = new URL(route.upstream);
      return {
        ...route,
        client: createUpstreamClient(upstream.origin, timeouts),
        upstreamBasePath: upstream.pathname,
      };
    });

  return {
    /** The route for a raw request target (path and query), and what follows its prefix. */
    match(target: string): { route: ResolvedRoute; rest: string } | undefined {
      for (const route of resolved) {
        if (!target.startsWith(route.prefix)) continue;
        const next = target.charAt(route.prefix.length);
        if (next === '/' || next === '?' || next === '') {
          return { route, rest: target.slice(route.prefix.length) };
        }
      }
      return undefined;
    },
    async close(): Promise<void> {
      await Promise.all(resolved.map((route) => route.client.close()));
    },
  };
}

export type RouteTable = ReturnType<typeof createRouteTable>;
