import type { RequestListener } from 'node:http';
import type { Bff } from '@cloakroom/bff';
import { errorBody } from '@cloakroom/contract';

/**
 * The request listener of the metrics port (`METRICS_PORT`): `GET /metrics` in Prometheus text
 * format, anything else `404`. It runs on its own server bound to 127.0.0.1, so a scraper on the
 * host (or a sidecar) reads the metrics and the public port does not serve them at all: request
 * counts and timings say too much about the traffic to hand to anyone.
 *
 * @example
 * const server = http.createServer(metricsListener(bff));
 * server.listen(9464, '127.0.0.1');
 */
export function metricsListener(
  bff: Pick<Bff, 'metricsText' | 'metricsContentType'>,
): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(errorBody('not_found')));
      return;
    }
    bff.metricsText().then(
      (text) => {
        res.writeHead(200, { 'content-type': bff.metricsContentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody('internal')));
      },
    );
  };
}
