/**
 * Whether a request target is the `/api` proxy's: `/api` itself or anything under it, with or
 * without a query (`/apix` is not). The Koa middleware asks with `ctx.path` (never a query), the
 * raw listener with `req.url`, so both send exactly the same requests to the proxy.
 *
 * @example
 * isApiTarget('/api?page=2'); // true
 * isApiTarget('/apis'); // false
 */
export function isApiTarget(target: string): boolean {
  return target === '/api' || target.startsWith('/api/') || target.startsWith('/api?');
}
