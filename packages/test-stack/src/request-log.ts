import type { RequestListener } from 'node:http';

/** One request the BFF answered, as its server saw it (never the cookie's value). */
export interface BffRequest {
  method: string;
  path: string;
  status: number;
  /** Whether the request carried the session cookie. */
  withSessionCookie: boolean;
  withCsrfHeader: boolean;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * Wraps `listener` so that every answered request is appended to `requests`, for tests that
 * check what a cross-site page actually achieved.
 *
 * @example
 * server.attach(logRequests(listener, bffUrl, requests));
 */
export function logRequests(
  listener: RequestListener,
  baseUrl: string,
  requests: BffRequest[],
): RequestListener {
  return (req, res) => {
    res.once('finish', () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      requests.push({
        method: req.method ?? '',
        path: new URL(req.url ?? '/', baseUrl).pathname,
        status: res.statusCode,
        withSessionCookie: /(^|;\s*)__Host-/.test(header('cookie') ?? ''),
        withCsrfHeader: header('x-csrf') === '1',
        origin: header('origin'),
        secFetchSite: header('sec-fetch-site'),
      });
    });
    listener(req, res);
  };
}
