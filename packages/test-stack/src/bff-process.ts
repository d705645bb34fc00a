import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// apps/bff's entry point, found beside the package's index (its `exports` name only that).
const main = join(dirname(createRequire(import.meta.url).resolve('@cloakroom/server')), 'main.ts');

/** One `node --expose-gc apps/bff/src/main.ts` process, as a deployment runs it. */
export interface BffProcess {
  port: number;
  pid: number;
  /** `http://127.0.0.1:<port>`: this instance directly, past the load balancer. */
  directUrl: string;
  /** What it printed, for a failing test's message. */
  output(): string;
  /** Answers when `/readyz` says 200 (bounded). */
  ready(): Promise<void>;
  /** SIGKILL: a crash, no clean-up. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the deployable BFF server as a child process with `env` over the parent's environment.
 *
 * @example
 * const bff = startBffProcess({ PORT: '3001', SESSION_STORE: 'redis://127.0.0.1:6379', ... });
 * await bff.ready();
 */
export function startBffProcess(port: number, env: Record<string, string>): BffProcess {
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', main], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const directUrl = `http://127.0.0.1:${port}`;
  const exit = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    port,
    pid: child.pid ?? 0,
    directUrl,
    output: () => log,
    async ready() {
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`BFF on ${port} exited:\n${log}`);
        const status = await fetch(`${directUrl}/readyz`).then(
          async (response) => (await response.body?.cancel(), response.status),
          () => 0,
        );
        if (status === 200) return;
        if (Date.now() > deadline) throw new Error(`BFF on ${port} not ready (${status}):\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    crash: () => exit('SIGKILL'),
    stop: () => exit('SIGTERM'),
  };
}
