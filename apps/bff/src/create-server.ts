import type { RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { createBff, createLogger, openSessionBackend, type Bff } from '@cloakroom/bff';
import { errorBody } from '@cloakroom/contract';
import type { ServerConfig } from './config.ts';
import { loadTracerProvider } from './load-tracer-provider.ts';
import { metricsListener } from './metrics-listener.ts';
import { spaStatic } from './spa-static.ts';

export const defaultSpaDist = fileURLToPath(new URL('../../spa/dist', import.meta.url));

/**
 * The deployable BFF: the library configured from {@link ServerConfig}, the operational
 * endpoints (`/healthz`, `/readyz`, `/metrics`) and the built SPA, on one Koa app. `listener`
 * is what the HTTP server runs: `/api/*` straight to the proxy, everything else through Koa.
 * With `metricsPort`, `/metrics` moves to `metricsListener` (the caller binds it to 127.0.0.1)
 * and the public listener answers it 404.
 *
 * @example
 * const { listener } = await createServer(loadConfig(process.env));
 * http.createServer(listener).listen(3000);
 */
export async function createServer(config: ServerConfig): Promise<{
  app: Koa;
  bff: Bff;
  listener: RequestListener;
  metricsListener: RequestListener | undefined;
  /** Flushes and stops the trace exporter (a no-op without tracing); after `bff.close()`. */
  shutdownTracing(): Promise<void>;
}> {
  // Only the last `trustProxyHops` X-Forwarded-For entries are believed: those our proxies
  // appended. The leftmost is whatever the client sent.
  const app = new Koa({ proxy: config.trustProxy, maxIpsCount: config.trustProxyHops });
  const logger = createLogger({ level: config.logLevel });
  // redis:// brings a refresh coordinator too: several instances refresh a session once.
  const backend = await openSessionBackend(config.sessionStore, { logger });
  // OTEL_EXPORTER_OTLP_ENDPOINT unset: no provider, and the BFF does no tracing work at all.
  const tracerProvider = config.tracing && (await loadTracerProvider(config.tracing));
  const tracing = tracerProvider && {
    tracerProvider,
    trustIncomingContext: config.tracing!.trustIncomingContext,
  };
  const bff = createBff(
    { ...config.bffOptions, backend, logger, ...(tracing ? { tracing } : {}) },
    app,
  );

  app.use(async function operations(ctx, next) {
    if (ctx.path === '/healthz') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      const readiness = await bff.readiness();
      ctx.set('Cache-Control', 'no-store');
      ctx.status = readiness.ready ? 200 : 503;
      ctx.body = readiness;
      return;
    }
    if (ctx.path === '/metrics' && config.metricsPort !== undefined) {
      // Served on the metrics port only; not the SPA's index.html either.
      ctx.status = 404;
      ctx.body = errorBody('not_found');
      return;
    }
    if (ctx.path === '/metrics') {
      ctx.set('Content-Type', bff.metricsContentType);
      ctx.body = await bff.metricsText();
      return;
    }
    await next();
  });
  app.use(bff.middleware);
  app.use(spaStatic(config.spaDir ?? defaultSpaDist));
  app.use(async function notFound(ctx) {
    ctx.status = 404;
    ctx.body = errorBody('not_found');
  });
  // Koa's default error logging prints stacks; errors are already answered and logged redacted.
  app.silent = true;
  return {
    app,
    bff,
    listener: bff.listener(app.callback()),
    metricsListener: config.metricsPort === undefined ? undefined : metricsListener(bff),
    shutdownTracing: async () => {
      await tracerProvider?.shutdown();
    },
  };
}
