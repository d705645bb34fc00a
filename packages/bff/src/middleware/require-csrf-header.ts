import type { IncomingHttpHeaders } from 'node:http';
import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * Whether a request can only have come from the SPA's own scripts:
 * - it carries `X-CSRF: 1`: a cross-site page can send a custom header only after a CORS
 *   preflight, which the BFF never approves, and an HTML form cannot send one at all;
 * - an `Origin` header, when present, names exactly an allowed origin (the public one);
 * - `Sec-Fetch-Site`, when the browser sends it, says `same-origin`.
 * SameSite=Strict on the session cookie is a further layer; none of them is relied on alone.
 */
export function checkSameOrigin(
  headers: IncomingHttpHeaders,
  allowedOrigins: ReadonlySet<string>,
): void {
  const origin = headers.origin;
  if (origin !== undefined && origin !== '' && !allowedOrigins.has(origin)) {
    throw new BffError('csrf', 'Cross-origin requests are refused.');
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== '' && site !== 'same-origin') {
    throw new BffError('csrf', 'Cross-site requests are refused.');
  }
}

/**
 * Refuses a request unless it carries `X-CSRF: 1` and nothing says it is cross-origin.
 *
 * @example
 * router.get('/bff/user', requireCsrfHeader(new Set(['https://app.example.com'])), user);
 */
export function requireCsrfHeader(allowedOrigins: ReadonlySet<string>): Middleware {
  return async function requireCsrf(ctx, next) {
    if (ctx.get('x-csrf') !== '1') {
      throw new BffError('csrf');
    }
    checkSameOrigin(ctx.req.headers, allowedOrigins);
    await next();
  };
}

/**
 * For reads that cannot carry a custom header (EventSource, downloads): accepted without
 * `X-CSRF` only when the browser itself proves a same-origin request with
 * `Sec-Fetch-Site: same-origin`; a request without Fetch Metadata is refused.
 */
export function isProvenSameOriginRead(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  allowedOrigins: ReadonlySet<string>,
): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (headers['sec-fetch-site'] !== 'same-origin') return false;
  const origin = headers.origin;
  return origin === undefined || origin === '' || allowedOrigins.has(origin);
}
