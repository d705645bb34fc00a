export { createServer, defaultSpaDist } from './create-server.ts';
export { loadConfig, ConfigError, devSessionSecret } from './config.ts';
export type { ServerConfig } from './config.ts';
