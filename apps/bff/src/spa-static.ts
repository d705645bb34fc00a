import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

/** Hashed build output lives here: cacheable forever. */
const assetsDir = join('/', 'assets', '/');

/**
 * Serves the built SPA from the BFF's own origin, so the session cookie can be SameSite=Strict
 * and `/bff` and `/api` calls are same-origin. Client-side routes fall back to `index.html`.
 * HTML answers carry the SPA's security headers: a CSP that allows only this origin's scripts,
 * no framing, and no Referer (paths and codes never leak to other sites).
 */
export function spaStatic(dist: string): Middleware {
  const files = serve(dist, {
    index: 'index.html',
    maxage: 0,
    setHeaders(res, path) {
      res.setHeader(
        'Cache-Control',
        path.includes(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const hasIndex = existsSync(join(dist, 'index.html'));

  return async function serveSpa(ctx, next) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    setSecurityHeaders(ctx.response.set.bind(ctx.response));
    await files(ctx, async () => {});
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    // A client-side route (no file extension, wants HTML): hand it index.html.
    if (hasIndex && !/\.[a-z0-9]+$/i.test(ctx.path) && ctx.accepts('html')) {
      ctx.path = '/';
      await files(ctx, async () => {});
      return;
    }
    await next();
  };
}

function setSecurityHeaders(set: (field: string, value: string) => void): void {
  set(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  set('Referrer-Policy', 'no-referrer');
  set('X-Content-Type-Options', 'nosniff');
  set('X-Frame-Options', 'DENY');
  set('Cross-Origin-Opener-Policy', 'same-origin');
}
