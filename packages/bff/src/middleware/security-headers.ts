import type { Middleware } from 'koa';

/**
 * Headers on every BFF answer: no caching of per-user data, no MIME sniffing, no Referer (the
 * callback URL carries the authorization code), and HSTS when the public origin is HTTPS.
 */
export function securityHeaders(publicUrl: URL): Middleware {
  const headers = securityHeaderValues(publicUrl);
  return async function setSecurityHeaders(ctx, next) {
    ctx.set(headers);
    await next();
  };
}

/** The same headers as a record (lower-case names), for answers written without Koa. */
export function securityHeaderValues(publicUrl: URL): Readonly<Record<string, string>> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(publicUrl.protocol === 'https:'
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}
