import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something closable before the file's (or the describe block's) tests and closes it
 * after them. The answer stands for what `start` resolved to: read it inside tests and hooks.
 * Hooks declared after this one run after it starts, and their `afterAll` before it closes.
 *
 * @example
 * const upstream = useRunning(() => startEchoUpstream());
 * const stack = useStack(() => ({ apiUpstream: upstream.url }));
 */
export function useRunning<T extends { close(): Promise<void> | void }>(
  start: () => Promise<T>,
): T {
  let running: T | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
    running = undefined;
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!running) throw new Error(`not running: read .${String(key)} in a test or hook`);
      return Reflect.get(running, key);
    },
  });
}
