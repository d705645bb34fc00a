import { spawn } from 'node:child_process';

/** A process of the consumer project, started and waited for. */
export interface Child {
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` and resolves once a line of its output matches `ready`; rejects with its
 * output when it exits first or takes longer than `timeoutMs`.
 *
 * @example
 * const app = await startChild(node, ['build/koa-app.js'], { cwd, env, ready: /listening/ });
 */
export function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; ready: RegExp; timeoutMs?: number },
): Promise<Child> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // The rejection comes first; the 'exit' handler's later one is then a no-op.
      child.kill('SIGTERM');
      reject(new Error(`${command} ${args.join(' ')}: not ready in time\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve({ output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code})\n${output}`));
    });
  });
}
