export { startStack } from './start-stack.ts';
export type {
  LibraryStack,
  LibraryStackOptions,
  ProcessStack,
  ProcessStackOptions,
  ServerStack,
  ServerStackOptions,
  StackFor,
  StackOptions,
} from './start-stack.ts';
export { useRunning } from './use-running.ts';
export { useStack } from './use-stack.ts';
export { startLibraryBff, testSessionSecret } from './library-bff.ts';
export type { LibraryBff, LibraryBffOptions } from './library-bff.ts';
export { startBffProcess } from './bff-process.ts';
export type { BffProcess } from './bff-process.ts';
export { nginxConfig, startNginx } from './nginx.ts';
export type { Nginx } from './nginx.ts';
export type { BffRequest } from './request-log.ts';
export { stubSpa, writeSpaDist } from './spa-dist.ts';
export { captureLogger } from './capture-logger.ts';
