import { createServer as createHttpServer } from 'node:http';
import { governExternalMemory, type ExposedGc } from '@cloakroom/bff';
import { listen, runServer } from '@cloakroom/http-server';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { createServer } from './create-server.ts';

let config: ServerConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`cloakroom bff: ${error.message}`);
  process.exit(2);
}

// Started with `node --expose-gc` (every launcher here does), large transfers keep memory flat:
// dead socket buffers are collected every 8 MiB instead of at V8's 64 MB external limit.
if (typeof globalThis.gc === 'function') governExternalMemory({ gc: globalThis.gc as ExposedGc });

await runServer(
  'cloakroom bff',
  config.port,
  async () => {
    // Options are validated by createBff: a bad one is a TypeError naming it, reported as such.
    const { bff, listener, metricsListener, shutdownTracing } = await createServer(config);
    const server = createHttpServer(listener);
    // WebSockets on `websocket: true` routes; every other upgrade is refused.
    server.on('upgrade', bff.upgradeListener());
    const listening = await listen(server, {
      port: config.port,
      host: config.host,
    });
    // METRICS_PORT: loopback only, whatever HOST says; a scraper on this host reads it.
    const metrics =
      metricsListener && config.metricsPort !== undefined
        ? await listen(createHttpServer(metricsListener), {
            port: config.metricsPort,
            host: '127.0.0.1',
          })
        : undefined;
    return {
      close: async () => {
        await metrics?.close();
        // Live connections hold the server open until the BFF closes them (code 1001).
        const stopped = listening.close();
        await bff.close();
        await stopped;
        await shutdownTracing();
      },
    };
  },
  () =>
    `cloakroom bff listening on ${config.bffOptions.publicUrl} (bound ${config.host}:${config.port})`,
);
