import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { UpstreamClient } from '../proxy/upstream-client.ts';
import { BffError } from '../errors/bff-error.ts';
import { spanMethod } from './http-method.ts';
import { endWithError, type Tracing } from './tracing.ts';

/**
 * A route's upstream client that makes a client span per call and sends the upstream that
 * span's `traceparent` (replacing whatever the browser sent). The span ends when the upstream's
 * headers arrive. Attributes: method, the upstream's host and port, the route, the status; never
 * the path or query (they may carry ids or anything else the browser put there).
 *
 * @example
 * route.client = traceUpstreamClient(route.client, route, tracing);
 */
export function traceUpstreamClient(
  client: UpstreamClient,
  route: { path: string; upstreamOrigin: string },
  tracing: Tracing,
): UpstreamClient {
  return {
    async request(init) {
      const method = spanMethod(init.method);
      const span = tracing.startChildSpan(
        method,
        SpanKind.CLIENT,
        upstreamCallAttributes(method, route),
      );
      if (!span) return client.request(init);
      tracing.inject(span, init.headers);
      let response;
      try {
        response = await client.request(init);
      } catch (error) {
        endWithError(span, error instanceof BffError ? error.code : 'upstream_error');
        throw error;
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      return response;
    },
    close: () => client.close(),
  };
}

/**
 * A client span's attributes for a call to a route's upstream (a request or a WebSocket
 * handshake): method, the upstream's host and port, the route; never the path or query.
 */
export function upstreamCallAttributes(
  method: string,
  route: { path: string; upstreamOrigin: string },
): Attributes {
  const upstream = new URL(route.upstreamOrigin);
  return {
    'http.request.method': method,
    'server.address': upstream.hostname,
    'server.port': Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80)),
    'cloakroom.route': route.path,
  };
}
