import type { Middleware } from 'koa';

/**
 * Headers on every BFF answer: no caching of per-user data, no MIME sniffing, no Referer (the
 * callback URL carries the authorization code), and HSTS when the public origin is HTTPS.
 */
export function securityHeaders(publicUrl: URL): Middleware {
  const hsts = publicUrl.protocol === 'https:';
  return async function setSecurityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (hsts) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
