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
 * The bench's CPU plan: on a machine with 2 or more CPUs and util-linux's `taskset`, the server
 * under load gets a CPU of its own and everything else shares another. Unpinned, the scheduler
 * moved the load generator, the upstream and the proxy across both CPUs of the 2-core bench
 * machine, and one target's rounds ranged from 0.43× to 1.34× the bare proxy in one run: the
 * placement, not the code, decided the figure. Pinned, each proxy's req/s is what one CPU of it
 * serves, the quantity being compared. Undefined (no pinning) elsewhere, or with
 * `CLOAKROOM_BENCH_PIN=0`.
 *
 * @example
 * const plan = cpuPlan(); // { harness: 0, target: 1 }
 */
// cpus(), not availableParallelism(): the latter shrinks once this process is pinned.
export function cpuPlan(env: NodeJS.ProcessEnv = process.env): CpuPlan | undefined {
  if (env.CLOAKROOM_BENCH_PIN === '0' || !taskset || cpus().length < 2) return undefined;
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
