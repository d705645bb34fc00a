import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

/** One redis-server (or sentinel) process the test owns, with the handle to kill it. */
export interface RedisProcess {
  port: number;
  /** SIGKILL and wait for the exit: the node is lost, its connections are refused. */
  kill(): Promise<void>;
  readonly alive: boolean;
}

/** Whether something on 127.0.0.1:`port` answers `PING` with `+PONG`. */
export async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Spawns `binary args` and waits (5 s at most) until it answers PING on `port`.
 *
 * @example
 * const node = await spawnRedisProcess('/usr/bin/redis-server', ['--port', '7000'], 7000);
 * await node.kill();
 */
export async function spawnRedisProcess(
  binary: string,
  args: string[],
  port: number,
): Promise<RedisProcess> {
  const child: ChildProcess = spawn(binary, args, { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${binary} on port ${port} exited (${code})`))),
  );
  exited.catch(() => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    if (!alive()) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await gone;
  };
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await Promise.race([answersPing(port), exited])) {
      return {
        port,
        kill,
        get alive() {
          return alive();
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await kill();
  throw new Error(`${binary} did not answer on port ${port}`);
}

/**
 * Sends one command with redis-cli and returns its raw output (for set-up and checks, where a
 * client library in the test kit would be one more dependency).
 */
export async function redisCli(cli: string, port: number, ...args: string[]): Promise<string> {
  const child = spawn(cli, ['-h', '127.0.0.1', '-p', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`redis-cli ${args.join(' ')} failed (${code}): ${out}`);
  return out;
}

/**
 * Waits until every replica of the master on `port` has acknowledged all it was sent (its
 * offset equals the master's): what was written before is then safe from losing that master.
 */
/** The keys on one server that match `pattern` (`SCAN`, so it never blocks the server). */
export async function keysOn(cli: string, port: number, pattern: string): Promise<string[]> {
  const out = await redisCli(cli, port, '--scan', '--pattern', pattern);
  return out.split('\n').filter(Boolean);
}

export async function replicasCaughtUp(cli: string, port: number, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await redisCli(cli, port, 'info', 'replication');
    const master = Number(/master_repl_offset:(\d+)/.exec(info)?.[1]);
    const replicas = [...info.matchAll(/^slave\d+:.*offset=(\d+)/gm)].map((m) => Number(m[1]));
    if (replicas.length > 0 && replicas.every((offset) => offset === master)) return;
    if (Date.now() > deadline) throw new Error(`the replicas of ${port} did not catch up`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
