import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { Bff } from '../bff.ts';
import type { ApiHandler } from '../endpoints/proxy.ts';
import { answerError } from '../errors/answer-error.ts';
import type { Logger } from '../observability/logger.ts';
import { BffError } from '../errors/bff-error.ts';
import { answerOnSocket } from '../live/answer-on-socket.ts';
import type { UpgradeListener } from '../live/websocket-upgrade.ts';
import { isApiTarget } from './is-api-target.ts';

/**
 * The BFF's two ways in, which send the same requests to the same places: `/api` (see
 * {@link isApiTarget}) to the proxy, answered on the raw response; `/bff/*` through Koa; anything
 * else on to the host. The listener reaches the proxy without creating a Koa context at all.
 *
 * @example
 * const { middleware, listener } = entryPoints({ serveApi, serveBff, logger, answerHeaders });
 */
export function entryPoints(deps: {
  serveApi: ApiHandler;
  serveBff: (ctx: Context) => Promise<void>;
  logger: Logger;
  /** Headers on every answer (the security headers), for the last-resort 500. */
  answerHeaders: Readonly<Record<string, string>>;
  /** WebSocket upgrades to `/api` routes. */
  upgradeApi: UpgradeListener;
}): Pick<Bff, 'middleware' | 'listener' | 'upgradeListener'> {
  const { serveApi, serveBff } = deps;
  const errorDeps = { logger: deps.logger, headers: deps.answerHeaders };
  // The proxy answers its own failures; this catches whatever escapes it (a throwing logger or
  // counter), which would otherwise be an unhandled rejection and end the process (Node 24).
  const answerEscaped = (req: IncomingMessage, res: ServerResponse, thrown: unknown) => {
    try {
      answerError(req, res, thrown, errorDeps);
    } catch {
      res.destroy();
    }
  };

  return {
    middleware: async function cloakroom(ctx, next) {
      const path = ctx.path;
      if (isApiTarget(path)) {
        // The API path answers on the raw response itself (see `listener` for skipping Koa).
        ctx.respond = false;
        await serveApi(ctx.req, ctx.res);
        return;
      }
      if (path !== '/bff' && !path.startsWith('/bff/')) return next();
      await serveBff(ctx);
    },
    listener(fallback) {
      return function cloakroomListener(req, res) {
        if (isApiTarget(req.url ?? '')) {
          serveApi(req, res).catch((thrown: unknown) => answerEscaped(req, res, thrown));
          return;
        }
        // Koa's callback() returns a promise; a plain listener may return anything.
        const answered: unknown = fallback(req, res);
        if (answered instanceof Promise) {
          answered.catch((thrown: unknown) => answerEscaped(req, res, thrown));
        }
      };
    },
    upgradeListener(fallback) {
      return function cloakroomUpgrade(req, socket, head) {
        if (isApiTarget(req.url ?? '')) return deps.upgradeApi(req, socket, head);
        if (fallback) return fallback(req, socket, head);
        socket.on('error', () => socket.destroy());
        answerOnSocket(
          socket,
          new BffError('upgrade_not_allowed', 'Only API routes accept WebSocket upgrades.'),
          deps.answerHeaders,
        );
      };
    },
  };
}
