export { listen } from './listen.ts';
export type { Listening } from './listen.ts';
export { runServer } from './run-server.ts';
export { readLimited } from './read-limited.ts';
