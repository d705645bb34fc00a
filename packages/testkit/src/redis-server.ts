import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing } from './redis-process.ts';
import { findDebianBinary, requireDebianPackage } from './debian-package.ts';

/** A throwaway `redis-server` on a loopback port, with handles to fault it. */
export interface RedisServer {
  url: string;
  port: number;
  /** The running redis-server's process id (undefined while it is down). */
  pid(): number | undefined;
  /** SIGSTOP: the process stays, its socket accepts, nothing answers (a stall). */
  pause(): void;
  /** SIGCONT after {@link RedisServer.pause}. */
  resume(): void;
  /** SIGKILL and wait for the exit: Redis is down, connections are refused. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after {@link RedisServer.kill}). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The `redis-server` binary on PATH (or Debian's /usr/bin), if any. */
export function findRedisServer(): string | undefined {
  return findDebianBinary('redis-server');
}

/**
 * Whether tests that need a Redis binary can run (see {@link requireDebianPackage}: skipped and
 * recorded on a developer's machine, an error in CI).
 *
 * @example
 * describe.skipIf(!canRunRedis('redis store'))('redis store', () => { ... });
 */
export function canRunRedis(what: string): boolean {
  return requireDebianPackage('redis-server', what);
}

/** A free TCP port on 127.0.0.1 (Redis treats `--port 0` as "no TCP", so we pick one). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server` on a free loopback port in a temp dir, without persistence unless asked:
 * a persistent one comes back from a `kill()` + `restart()` with its data, as a production Redis
 * with an append-only file would.
 *
 * @example
 * const redis = await startRedisServer();
 * const store = createRedisStore({ url: redis.url });
 * redis.pause(); // a stalled Redis
 * await redis.stop();
 */
export async function startRedisServer(
  options: {
    /** Keep data across {@link RedisServer.kill} + restart (append-only file, fsync always). */
    persistent?: boolean;
  } = {},
): Promise<RedisServer> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  const port = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-redis-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    const spawned = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...(options.persistent
          ? ['--appendonly', 'yes', '--appendfsync', 'always']
          : ['--appendonly', 'no']),
        '--dir',
        dir,
        '--logfile',
        '',
      ],
      { stdio: 'ignore' },
    );
    child = spawned;
    const exited = new Promise<never>((_, reject) =>
      spawned.once('exit', (code) => reject(new Error(`redis-server exited (${code})`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if (await Promise.race([answersPing(port), exited])) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    spawned.kill('SIGKILL');
    throw new Error(`redis-server did not answer on port ${port}`);
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
