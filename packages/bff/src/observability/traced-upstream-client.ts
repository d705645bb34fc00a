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
  // Parsed once per route, not per call: only the method differs from call to call.
  const upstream = upstreamAttributes(route);
  return {
    async request(init) {
      const method = spanMethod(init.method);
      const span = tracing.startChildSpan(method, SpanKind.CLIENT, {
        'http.request.method': method,
        ...upstream,
      });
      if (!span) return client.request(init);
      tracing.inject(span, init.headers);
      let response;
      try {
        response = await client.request(init);
      } catch (error) {
        endWithError(span, upstreamErrorCode(error));
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
 * What a client span says of a route's upstream (for a request or a WebSocket handshake): its
 * host and port, and the route; never the path or query.
 */
export function upstreamAttributes(route: { path: string; upstreamOrigin: string }): Attributes {
  const upstream = new URL(route.upstreamOrigin);
  return {
    'server.address': upstream.hostname,
    'server.port': Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80)),
    'cloakroom.route': route.path,
  };
}

/** The stable code a failed upstream call is recorded with (`error.type`). */
export function upstreamErrorCode(error: unknown): string {
  return error instanceof BffError ? error.code : 'upstream_error';
}
