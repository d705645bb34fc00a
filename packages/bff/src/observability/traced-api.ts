import type { ApiHandler } from '../endpoints/proxy.ts';
import { spanMethod } from './http-method.ts';
import { routeOf } from './request-route.ts';
import { endServerSpan, type Tracing } from './tracing.ts';

/**
 * The proxy inside a server span: `GET /api/billing` (the route's path, never the raw one),
 * with method, route and status. The store, token and upstream spans of the request are its
 * children. Only installed when tracing is configured.
 *
 * @example
 * const serve = traceApi(forwardToApi, tracing);
 */
export function traceApi(forwardToApi: ApiHandler, tracing: Tracing): ApiHandler {
  return async function tracedApiRequest(req, res) {
    const method = spanMethod(req.method);
    const span = tracing.startServerSpan(`${method} /api`, req.headers, {
      'http.request.method': method,
    });
    try {
      await tracing.runWithin(span, () => forwardToApi(req, res));
    } finally {
      const route = routeOf(req);
      endServerSpan(span, method, route === 'none' ? undefined : route, res.statusCode);
    }
  };
}
