import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisCli } from './redis-cluster.ts';
import { findRedisServer, freeLoopbackPort } from './redis-server.ts';
import {
  keysOn,
  redisCli,
  replicasCaughtUp,
  spawnRedisProcess,
  type RedisProcess,
} from './redis-process.ts';

/** A throwaway Sentinel set: one master, one replica, three sentinels, on loopback ports. */
export interface RedisSentinelSet {
  /** `redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/<name>`, for `SESSION_STORE`. */
  url: string;
  /** The monitored master's name. */
  name: string;
  /** The sentinels, as `{ host, port }` for ioredis' `sentinels` option. */
  sentinels: Array<{ host: string; port: number }>;
  /** The port of the master the sentinels name now. */
  masterPort(): Promise<number>;
  /** Waits until the replica has everything written so far (then a failover keeps it). */
  replicated(): Promise<void>;
  /** The keys on one server that match `pattern`. */
  keysOn(port: number, pattern: string): Promise<string[]>;
  /** SIGKILL one redis-server (the master, for a failover). */
  kill(port: number): Promise<void>;
  /** Waits until the sentinels name a live master other than `formerPort` that answers as one. */
  failedOver(formerPort: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts a master, its replica and three sentinels (`redis-server --sentinel`, the same Debian
 * binary) with a one-second `down-after-milliseconds`, and waits until the sentinels know the
 * replica and each other, so that killing the master promotes the replica within seconds.
 *
 * @example
 * const set = await startRedisSentinel();
 * await set.kill(await set.masterPort());
 * await set.stop();
 */
export async function startRedisSentinel(name = 'cloakroom'): Promise<RedisSentinelSet> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  const cli = findRedisCli();
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-sentinel-'));
  const servers = new Map<number, RedisProcess>();
  const sentinels: RedisProcess[] = [];
  const all = () => [...servers.values(), ...sentinels];
  try {
    const serverArgs = (port: number) => [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--dbfilename',
      `${port}.rdb`,
      '--logfile',
      '',
    ];
    const masterPort = await freeLoopbackPort();
    servers.set(masterPort, await spawnRedisProcess(binary, serverArgs(masterPort), masterPort));
    const replicaPort = await freeLoopbackPort();
    servers.set(
      replicaPort,
      await spawnRedisProcess(
        binary,
        [...serverArgs(replicaPort), '--replicaof', '127.0.0.1', String(masterPort)],
        replicaPort,
      ),
    );
    for (let i = 0; i < 3; i++) {
      const port = await freeLoopbackPort();
      // Sentinel rewrites its config file as it learns the topology: one writable file each.
      const config = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${masterPort} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          // A split vote is retried after twice this: keep it short, as the whole test waits for it.
          `sentinel failover-timeout ${name} 2000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(await spawnRedisProcess(binary, [config, '--sentinel'], port));
    }
    // A sentinel that knows neither the replica nor the other sentinels cannot fail over.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const known = await Promise.all(
        sentinels.map(async ({ port }) => {
          const master = await redisCli(cli, port, 'sentinel', 'master', name);
          const field = (key: string) =>
            Number(master.split('\n')[master.split('\n').indexOf(key) + 1]);
          return field('num-slaves') >= 1 && field('num-other-sentinels') >= 2;
        }),
      );
      if (known.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error('the sentinels did not learn the topology');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await Promise.all(all().map((node) => node.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const masterPort = async () => {
    for (const sentinel of sentinels) {
      const out = await redisCli(cli, sentinel.port, 'sentinel', 'get-master-addr-by-name', name);
      const port = Number(out.trim().split('\n')[1]);
      if (port) return port;
    }
    throw new Error('no sentinel names a master');
  };

  return {
    url: `redis-sentinel://${sentinels.map(({ port }) => `127.0.0.1:${port}`).join(',')}/${name}`,
    name,
    sentinels: sentinels.map(({ port }) => ({ host: '127.0.0.1', port })),
    masterPort,
    replicated: async () => replicasCaughtUp(cli, await masterPort()),
    keysOn: (port, pattern) => keysOn(cli, port, pattern),
    kill: async (port) => servers.get(port)?.kill(),
    async failedOver(formerPort, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const port = await masterPort().catch(() => formerPort);
        if (port !== formerPort && servers.get(port)?.alive) {
          const role = await redisCli(cli, port, 'role').catch(() => '');
          if (role.startsWith('master')) return port;
        }
        if (Date.now() > deadline) throw new Error('the sentinels did not fail over');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await Promise.all(all().map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
