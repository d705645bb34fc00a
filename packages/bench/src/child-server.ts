import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuPlan, pinToCpu } from './cpu-pinning.ts';
import type { BffChildConfig, ChildMessage } from './servers/child-protocol.ts';

/** A server under test, running in a child process of its own. */
export interface ChildServer {
  name: string;
  pid: number;
  url: string;
  /** Sends the BFF its configuration and waits until it serves (or says why it cannot). */
  configure(config: BffChildConfig): Promise<void>;
  /** Asks it to exit (writing its CPU profile, if any); kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Set when it exited before it was asked to: how, and where its output went. */
  crashed(): { code: number | null; signal: string | null; log: string | undefined } | undefined;
}

const entries = {
  upstream: 'servers/upstream-server.ts',
  'bare-proxy': 'servers/bare-proxy-server.ts',
  bff: 'servers/bff-server.ts',
  'otlp-sink': 'servers/otlp-sink-server.ts',
  'express-oidc': 'servers/express-oidc-server.ts',
} as const;

// The servers loaded one at a time get the target CPU; those every target calls, the harness's.
const underTest = new Set<keyof typeof entries>(['bare-proxy', 'bff', 'express-oidc']);
const plan = cpuPlan();

/**
 * Forks one of the servers in `servers/` and waits until it listens, pinned to its CPU (see
 * `cpu-pinning.ts`) when the machine allows.
 *
 * @example
 * const upstream = await startChildServer('upstream', 'upstream');
 */
export async function startChildServer(
  kind: keyof typeof entries,
  name: string,
  options: { args?: string[]; cpuProfileDir?: string; logDir?: string; timeoutMs?: number } = {},
): Promise<ChildServer> {
  const entry = fileURLToPath(new URL(entries[kind], import.meta.url));
  // The BFF runs as apps/bff runs it: with `--expose-gc`, for its external-memory governor.
  const execArgv = kind === 'bff' ? ['--expose-gc'] : [];
  const configured = kind === 'bff' || kind === 'express-oidc';
  if (options.cpuProfileDir) {
    execArgv.push(
      '--cpu-prof',
      '--cpu-prof-dir',
      options.cpuProfileDir,
      '--cpu-prof-name',
      `${name}.cpuprofile`,
    );
  }
  // Its output (the BFF's warnings and errors, a crash's stack) goes to a log file, not the report.
  const log = options.logDir ? join(options.logDir, `${name}.log`) : undefined;
  const fd = log ? openSync(log, 'w') : undefined;
  const child = fork(entry, options.args ?? [], {
    execArgv,
    stdio: ['ignore', fd ?? 'inherit', fd ?? 'inherit', 'ipc'],
  });
  if (fd !== undefined) closeSync(fd);
  if (plan && child.pid) pinToCpu(child.pid, underTest.has(kind) ? plan.target : plan.harness);
  let stopping = false;
  let crash: { code: number | null; signal: string | null; log: string | undefined } | undefined;
  child.once('exit', (code, signal) => {
    if (!stopping) crash = { code, signal, log };
  });
  const port = await nextMessage(child, 'listening', options.timeoutMs ?? 20_000).catch(
    (error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
  if (port.type !== 'listening') throw new Error(`${name}: unexpected ${port.type}`);
  if (!configured) await nextMessage(child, 'ready', options.timeoutMs ?? 20_000);

  return {
    name,
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port.port}`,
    async configure(config) {
      const sent = nextMessage(child, 'ready', options.timeoutMs ?? 20_000);
      child.send({ type: 'configure', config });
      const answer = await sent;
      if (answer.type === 'failed') throw new Error(answer.message);
    },
    stop: (graceMs = 5_000) => {
      stopping = true;
      return stopChild(child, graceMs);
    },
    crashed: () => crash,
  };
}

function nextMessage(
  child: ChildProcess,
  type: 'listening' | 'ready',
  timeoutMs: number,
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`child did not report ${type}`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === type || message.type === 'failed') finish(undefined, message);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`child exited (${code}) before ${type}`));
    function finish(error?: Error, message?: ChildMessage) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as ChildMessage);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
