import type { Histogram } from 'prom-client';
import type { ApiHandler } from '../endpoints/proxy.ts';
import { pathOnly } from '../errors/answer-error.ts';
import type { Logger } from '../observability/logger.ts';
import { statusClass } from '../observability/metrics.ts';
import { routeOf } from '../observability/request-route.ts';

/**
 * The proxy with its bookkeeping: one latency observation by route path and status class, and a
 * debug line per call (method, path and status, never the query). Whether to log is decided
 * once, so the common case costs one histogram observation.
 *
 * @example
 * const serve = serveApi({ forwardToApi: proxy(deps), durations: metrics.proxyDuration, logger });
 */
export function serveApi(deps: {
  forwardToApi: ApiHandler;
  durations: Pick<Histogram<'route' | 'status_class'>, 'labels'>;
  logger: Logger;
}): ApiHandler {
  const { forwardToApi, durations, logger } = deps;
  const debugLogging = logger.isLevelEnabled('debug');
  // The histogram's child per (route, status class), made once: `observe(labels, v)` would hash
  // a fresh labels object on every request. Both are bounded (the route table's paths and
  // `none`; six classes), so the map is too.
  const children = new Map<string, Map<string, { observe(seconds: number): void }>>();
  const durationsOf = (route: string, status: string) => {
    let byStatus = children.get(route);
    if (!byStatus) children.set(route, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = durations.labels({ route, status_class: status })));
    return child;
  };
  return async function serveApiRequest(req, res) {
    const started = performance.now();
    try {
      await forwardToApi(req, res);
    } finally {
      const ms = performance.now() - started;
      durationsOf(routeOf(req), statusClass(res.statusCode)).observe(ms / 1000);
      if (debugLogging) {
        logger.debug(
          {
            method: req.method,
            path: pathOnly(req.url),
            status: res.statusCode,
            ms: Math.round(ms),
          },
          'proxied',
        );
      }
    }
  };
}
