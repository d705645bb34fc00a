export { createServer, defaultSpaDist } from './create-server.ts';
export { loadConfig, ConfigError, devSessionSecret } from './config.ts';
export type { ServerConfig } from './config.ts';
export { readTracingEnv, type TracingConfig } from './tracing-config.ts';
export { loadTracerProvider } from './load-tracer-provider.ts';
