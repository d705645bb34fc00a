import {
  startStack,
  type LibraryStackOptions,
  type StackFor,
  type StackOptions,
} from './start-stack.ts';
import { useRunning } from './use-running.ts';

/**
 * Starts a stack before the file's (or the describe block's) tests and closes it after them
 * (see {@link useRunning}). `options` may be a function, called when the stack starts, for
 * values an earlier hook produces.
 *
 * @example
 * const stack = useStack({ fakeClock: true });
 * it('logs in', async () => {
 *   expect((await stack.call(await stack.login(), '/api/me')).status).toBe(200);
 * });
 */
export function useStack<const O extends StackOptions = LibraryStackOptions>(
  options?: O | (() => O | Promise<O>),
): StackFor<O> {
  return useRunning(async () =>
    startStack(typeof options === 'function' ? await options() : options),
  );
}
