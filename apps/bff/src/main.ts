import { ConfigError, loadConfig } from './config.ts';
import { createServer } from './create-server.ts';

try {
  const config = loadConfig(process.env);
  const { app, bff } = await createServer(config);
  const server = app.listen(config.port, config.host, () => {
    console.warn(
      `cloakroom bff listening on ${config.publicUrl} (bound ${config.host}:${config.port})`,
    );
  });
  const stop = () => {
    server.close();
    server.closeIdleConnections();
    void bff.close().finally(() => process.exit(0));
  };
  server.once('error', (error: NodeJS.ErrnoException) => {
    // A busy port is an everyday mistake: one clear line, not a stack trace.
    const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
    console.error(`cloakroom bff: cannot listen on ${config.host}:${config.port}: ${why}`);
    process.exit(1);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof TypeError) {
    console.error(`cloakroom bff: ${error.message}`);
    process.exit(2);
  }
  // Anything else at start-up (an unwritable SQLite path, say): the message, not a stack trace.
  console.error(
    `cloakroom bff: cannot start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
