import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import compose from 'koa-compose';
import { BffError } from '../errors/bff-error.ts';

/** One `/bff/*` endpoint: its method, path and chain of middleware. */
export type BffRoute = readonly [
  method: 'get' | 'post' | 'delete',
  path: string,
  chain: Middleware[],
];

/**
 * The `/bff/*` routing glue: each endpoint's chain on its path, a known path with another method
 * `405 method_not_allowed`, and any other path `404 not_found` (both the contract's JSON error,
 * thrown to the error handler rather than Koa's plain-text answers).
 *
 * @example
 * const routes = bffRouter([['get', '/bff/user', user(deps)]]);
 */
export function bffRouter(table: readonly BffRoute[]): Middleware {
  const router = new Router();
  for (const [method, path, chain] of table) router[method](path, ...chain);
  const methodNotAllowed = () => new BffError('method_not_allowed');
  return compose([
    router.routes() as unknown as Middleware,
    router.allowedMethods({
      throw: true,
      methodNotAllowed,
      notImplemented: methodNotAllowed,
    }) as unknown as Middleware,
    async function noSuchEndpoint(ctx: Context) {
      if (!(ctx as Context & { matched?: unknown[] }).matched?.length) {
        throw new BffError('not_found', 'There is no such BFF endpoint.');
      }
    },
  ] as Middleware[]);
}
