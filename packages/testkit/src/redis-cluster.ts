import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findRedisServer, freeLoopbackPort } from './redis-server.ts';
import {
  keysOn,
  redisCli,
  replicasCaughtUp,
  spawnRedisProcess,
  type RedisProcess,
} from './redis-process.ts';

/** A throwaway Redis Cluster of three masters, each with one replica, on loopback ports. */
export interface RedisCluster {
  /** `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...` (every node), for `SESSION_STORE`. */
  url: string;
  /** Every node, as `{ host, port }` start-up nodes for an ioredis `Cluster`. */
  nodes: Array<{ host: string; port: number }>;
  /** The ports of the nodes that are masters now (asked of the cluster, so after a failover too). */
  masterPorts(): Promise<number[]>;
  /** Waits until every master's replica has everything written so far (then a failover keeps it). */
  replicated(): Promise<void>;
  /** The keys matching `pattern` that the node on `port` holds (SCAN, for choosing a victim). */
  keysOn(port: number, pattern: string): Promise<string[]>;
  /** SIGKILL one node (a lost master, when it is one). */
  kill(port: number): Promise<void>;
  /** Waits until every live node sees the cluster `ok` with every slot served by a live master. */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The `redis-cli` that ships beside redis-server (Debian's redis-tools, a dependency of it). */
export function findRedisCli(): string {
  const server = findRedisServer();
  if (!server) throw new Error('redis-server is not installed');
  return join(dirname(server), 'redis-cli');
}

/**
 * Starts a 6-node Redis Cluster (3 masters + 3 replicas) in a temp dir, with a short
 * `cluster-node-timeout`, so that killing a master promotes its replica in about two seconds.
 * Without persistence: what a failover keeps is what reached the replica.
 *
 * @example
 * const cluster = await startRedisCluster();
 * const [master] = await cluster.masterPorts();
 * await cluster.kill(master!);
 * await cluster.healthy();
 * await cluster.stop();
 */
export async function startRedisCluster(
  options: { nodeTimeoutMs?: number } = {},
): Promise<RedisCluster> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  const cli = findRedisCli();
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-cluster-'));
  const processes = new Map<number, RedisProcess>();
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freeLoopbackPort();
      // The bus port is set too: the default (port + 10000) may be taken or beyond 65535.
      const busPort = await freeLoopbackPort();
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      processes.set(
        port,
        await spawnRedisProcess(
          binary,
          [
            '--port',
            String(port),
            '--cluster-port',
            String(busPort),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(nodeDir, 'nodes.conf'),
            '--cluster-node-timeout',
            String(nodeTimeoutMs),
            // A replica promotes itself however long it was cut off from its master.
            '--cluster-replica-validity-factor',
            '0',
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            nodeDir,
            '--logfile',
            '',
          ],
          port,
        ),
      );
    }
    const ports = [...processes.keys()];
    await redisCli(
      cli,
      ports[0]!,
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    );
  } catch (error) {
    await Promise.all([...processes.values()].map((node) => node.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const ports = [...processes.keys()];
  const live = () => ports.filter((port) => processes.get(port)!.alive);

  const masterPorts = async () => {
    const out = await redisCli(cli, live()[0]!, 'cluster', 'nodes');
    return out
      .split('\n')
      .filter((line) => / master /.test(line.replace(/myself,/, '')) && !/fail/.test(line))
      .map((line) => Number(line.split(' ')[1]!.split('@')[0]!.split(':')[1]));
  };

  const healthy = async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        live().map(async (port) => {
          const info = await redisCli(cli, port, 'cluster', 'info').catch(() => '');
          return /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info);
        }),
      );
      const masters = await masterPorts().catch(() => []);
      const served = masters.length === 3 && masters.every((port) => processes.get(port)?.alive);
      if (served && states.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  await healthy();
  return {
    url: `redis-cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    masterPorts,
    async replicated() {
      await Promise.all((await masterPorts()).map((port) => replicasCaughtUp(cli, port)));
    },
    keysOn: (port, pattern) => keysOn(cli, port, pattern),
    kill: async (port) => processes.get(port)?.kill(),
    healthy,
    async stop() {
      await Promise.all([...processes.values()].map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
