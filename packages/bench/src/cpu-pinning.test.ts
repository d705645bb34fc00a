import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuPlan, pinnedCommand, pinToCpu } from './cpu-pinning.ts';

const allowedCpus = (pid: number) =>
  /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

describe('CPU pinning for the bench', () => {
  it('pins a running process to one CPU', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      expect(pinToCpu(child.pid!, 0)).toBe(true);
      expect(allowedCpus(child.pid!)).toBe('0');
    } finally {
      child.kill();
    }
  });

  it('starts a command pinned, so that what it forks is pinned too', async () => {
    const [file, ...args] = pinnedCommand(
      ['sh', '-c', 'grep Cpus_allowed_list /proc/self/status'],
      0,
    );
    const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    await new Promise((resolve) => child.once('close', resolve));
    expect(out).toMatch(/Cpus_allowed_list:\s*0\s*$/);
  });

  it('pins only when asked (CLOAKROOM_BENCH_PIN=1), and starts a command as is without a CPU', () => {
    expect(cpuPlan({})).toBeUndefined();
    expect(cpuPlan({ CLOAKROOM_BENCH_PIN: '0' })).toBeUndefined();
    expect(cpuPlan({ CLOAKROOM_BENCH_PIN: '1' })).toEqual(
      cpus().length >= 2 ? { harness: 0, target: 1 } : undefined,
    );
    expect(pinnedCommand(['true'], undefined)).toEqual(['true']);
  });
});
