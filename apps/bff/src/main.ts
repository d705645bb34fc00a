import { createServer as createHttpServer } from 'node:http';
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

await runServer(
  'cloakroom bff',
  config.port,
  async () => {
    // Options are validated by createBff: a bad one is a TypeError naming it, reported as such.
    const { bff, listener } = await createServer(config);
    const listening = await listen(createHttpServer(listener), {
      port: config.port,
      host: config.host,
    });
    return {
      close: async () => {
        await listening.close();
        await bff.close();
      },
    };
  },
  () => `cloakroom bff listening on ${config.publicUrl} (bound ${config.host}:${config.port})`,
);
