// The BFF under test: `createBff` in a Koa app, as the deployable server builds and runs it, minus the
// SPA and the operational endpoints. It listens first and reports its port, because the IdP
// must register its redirect URI before the harness sends the issuer to build the BFF with.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import {
  createBff,
  createLogger,
  governExternalMemory,
  openSessionBackend,
  type Bff,
  type ExposedGc,
} from '@cloakroom/bff';
import { loadTracerProvider, readTracingEnv } from '@cloakroom/server';
import { serveAsChild, type BffChildConfig } from './child-protocol.ts';

// As apps/bff's main does when started with --expose-gc (the harness starts this one so).
if (typeof globalThis.gc === 'function') governExternalMemory({ gc: globalThis.gc as ExposedGc });

const server = createServer();
let bff: Bff | undefined;
let shutdownTracing: () => Promise<void> = async () => {};

serveAsChild(server, {
  readyOnListen: false,
  async configure(config: BffChildConfig) {
    const port = (server.address() as AddressInfo).port;
    // As apps/bff opens it: redis:// brings the cross-instance refresh coordinator too.
    const backend = await openSessionBackend(config.store);
    await backend.store.ping();
    const app = new Koa();
    app.silent = true;
    // As apps/bff builds it from OTEL_EXPORTER_OTLP_ENDPOINT; without it, no tracing at all.
    const tracerProvider = config.tracingEndpoint
      ? await loadTracerProvider(
          readTracingEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: config.tracingEndpoint }).tracing!,
        )
      : undefined;
    if (tracerProvider) shutdownTracing = () => tracerProvider.shutdown();
    bff = createBff(
      {
        publicUrl: `http://localhost:${port}`,
        issuer: config.issuer,
        clientId: 'cloakroom-bff',
        clientSecret: 'cloakroom-dev-secret',
        // The streaming test sends 1 GiB through the proxy; the default route limit is 100 MiB.
        routes: [
          { path: '/api', upstream: config.apiUpstream, bodyLimit: 4 * 1024 ** 3 },
          // `/api/r<i>`: the session's token for the i-th RFC 8707 resource.
          ...(config.resources ?? []).map((resource, i) => ({
            path: `/api/r${i}`,
            upstream: config.apiUpstream,
            resource,
          })),
          // `/api/client`: the BFF's own client-credentials token.
          ...(config.clientResource
            ? [
                {
                  path: '/api/client',
                  upstream: config.apiUpstream,
                  token: 'client' as const,
                  resource: config.clientResource,
                },
              ]
            : []),
        ],
        backend,
        secrets: ['bench-session-secret-0123456789abcdef'],
        logger: createLogger({ level: 'warn' }),
        refreshSkewSeconds: config.refreshSkewSeconds,
        dpop: config.dpop ?? false,
        // Only the body timeout differs from the library's; the other fields keep their defaults.
        upstream: { bodyTimeoutMs: 120_000 },
        ...(tracerProvider ? { tracing: { tracerProvider } } : {}),
        ...(config.liveMaxPerSession ? { live: { maxPerSession: config.liveMaxPerSession } } : {}),
      },
      app,
    );
    app.use(bff.middleware);
    app.use((ctx) => {
      ctx.status = 404;
    });
    server.on('request', bff.listener(app.callback()));
    server.on('upgrade', bff.upgradeListener());
  },
  async onStop() {
    await bff?.close();
    await shutdownTracing();
  },
});
