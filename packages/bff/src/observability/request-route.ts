import type { IncomingMessage } from 'node:http';

/**
 * The route an `/api` request matched, as the proxy records it on the request: its configured
 * `path` (`/api/billing`), never the raw request path, so metrics and span names stay bounded
 * and carry nothing a client wrote.
 */
export const matchedRoute = Symbol('cloakroom.matchedRoute');

/** An `/api` request the proxy may have matched to a route. */
export type RoutedRequest = IncomingMessage & { [matchedRoute]?: string };

/**
 * The matched route's path, or `none` when the request was refused before routing.
 *
 * @example
 * routeOf(req); // '/api/billing'
 */
export function routeOf(req: IncomingMessage): string {
  return (req as RoutedRequest)[matchedRoute] ?? 'none';
}
