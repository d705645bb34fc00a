import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * Lets a request through only when it can have come from the SPA's own scripts:
 * - it carries `X-CSRF: 1`: a cross-site page can only send a custom header after a CORS
 *   preflight, which the BFF never approves, and an HTML form cannot send one at all;
 * - an `Origin` header, when present, names exactly the public origin;
 * - `Sec-Fetch-Site`, when the browser sends it, says `same-origin`.
 * SameSite=Strict on the session cookie is a further layer; none of them is relied on alone.
 *
 * @example
 * router.get('/bff/user', requireCsrfHeader('https://app.example.com'), user);
 */
export function requireCsrfHeader(publicOrigin: string): Middleware {
  return async function requireCsrf(ctx, next) {
    if (ctx.get('x-csrf') !== '1') {
      throw new BffError('csrf', 'This request needs the X-CSRF: 1 header.');
    }
    const origin = ctx.get('origin');
    if (origin !== '' && origin !== publicOrigin) {
      throw new BffError('csrf', 'Cross-origin requests are refused.');
    }
    const site = ctx.get('sec-fetch-site');
    if (site !== '' && site !== 'same-origin') {
      throw new BffError('csrf', 'Cross-site requests are refused.');
    }
    await next();
  };
}
