import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';

/** Which CPU each side of the bench runs on, when it can be pinned. */
export interface CpuPlan {
  /** The harness (load generator, IdP), the upstream, Redis and the OTLP sink. */
  harness: number;
  /** Each server under test (bare proxy, BFFs, peers): one at a time under load. */
  target: number;
}

const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path));

/**
 * The bench's CPU plan with `CLOAKROOM_BENCH_PIN=1`, on a machine with 2 or more CPUs and
 * util-linux's `taskset`: the server under load gets a CPU of its own and everything else
 * shares another. Off by default (see decision record 001): on the 2-core bench machine it
 * doubled every proxy's req/s but left the round-to-round spread as wide (0.67–1.15× for one
 * target in a full run), and it made the half-load latencies meaningless (the bare proxy's p99
 * went from ~10 ms to ~95 ms), because the pacer then shares one CPU with the upstream, the
 * IdP and Redis. Worth it on a machine with more CPUs, where the harness side can have several.
 *
 * @example
 * const plan = cpuPlan(); // { harness: 0, target: 1 } with CLOAKROOM_BENCH_PIN=1
 */
// cpus(), not availableParallelism(): the latter shrinks once this process is pinned.
export function cpuPlan(env: NodeJS.ProcessEnv = process.env): CpuPlan | undefined {
  if (env.CLOAKROOM_BENCH_PIN !== '1' || !taskset || cpus().length < 2) return undefined;
  return { harness: 0, target: 1 };
}

/**
 * Pins every thread of process `pid` (and the threads and processes it starts later) to `cpu`.
 * Returns false when that failed (the bench then runs unpinned for that process, and says so).
 *
 * @example
 * pinToCpu(child.pid, plan.target);
 */
export function pinToCpu(pid: number, cpu: number): boolean {
  if (!taskset || !pid) return false;
  try {
    execFileSync(taskset, ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The command line that starts `command` pinned to `cpu` (for a server that forks workers of
 * its own, like Apache: they inherit it), or the command as is without pinning.
 *
 * @example
 * const [file, ...args] = pinnedCommand(['/usr/sbin/apache2', '-DFOREGROUND'], plan?.target);
 */
export function pinnedCommand(command: string[], cpu: number | undefined): string[] {
  return taskset && cpu !== undefined ? [taskset, '--cpu-list', String(cpu), ...command] : command;
}
