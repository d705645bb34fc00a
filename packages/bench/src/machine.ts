import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { cpuPlan, type CpuPlan } from './cpu-pinning.ts';

/** What the numbers were measured on. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAverage: number;
  /** Where the bench put its processes (see `cpu-pinning.ts`). */
  pinning: string;
}

export function describeMachine(): Machine {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  return {
    cpu,
    cores: cpus().length, // not availableParallelism(): the harness is pinned to one CPU
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: `Linux ${release()}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    pinning: describePinning(cpuPlan()),
  };
}

function describePinning(plan: CpuPlan | undefined): string {
  return plan
    ? `the server under load on CPU ${plan.target}; the harness (autocannon, IdP), the upstream, ` +
        `Redis and the OTLP sink on CPU ${plan.harness} (taskset)`
    : 'none (the scheduler places every process; `CLOAKROOM_BENCH_PIN=1` pins them)';
}
