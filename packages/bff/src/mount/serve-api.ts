import type { ApiHandler } from '../endpoints/proxy.ts';
import { pathOnly } from '../errors/answer-error.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * The proxy with its bookkeeping: the request counter, and a debug line per call (method, path
 * and status, never the query). Whether to log is decided once, so the common case costs one
 * counter increment.
 *
 * @example
 * const serve = serveApi({ forwardToApi: proxy(deps), proxied: metrics.proxied, logger });
 */
export function serveApi(deps: {
  forwardToApi: ApiHandler;
  proxied: { inc(): void };
  logger: Logger;
}): ApiHandler {
  const { forwardToApi, proxied, logger } = deps;
  const debugLogging = logger.isLevelEnabled('debug');
  return async function serveApiRequest(req, res) {
    proxied.inc();
    if (!debugLogging) return forwardToApi(req, res);
    const started = performance.now();
    await forwardToApi(req, res);
    logger.debug(
      {
        method: req.method,
        path: pathOnly(req.url),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'proxied',
    );
  };
}
