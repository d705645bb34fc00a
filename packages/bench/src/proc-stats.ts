import { readFileSync, writeFileSync } from 'node:fs';

// Linux /proc readings of another process: its memory and the CPU it used.

/** Reads a /proc file of `pid`; undefined once the process is gone. */
function procFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = procFile(pid, 'status');
  if (status === undefined) return Number.NaN;
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Resident set size now, in bytes; NaN once the process is gone. */
export const residentBytes = (pid: number): number => statusField(pid, 'VmRSS');

/** Peak resident set size since start (or since {@link resetPeakResident}), in bytes. */
export const peakResidentBytes = (pid: number): number => statusField(pid, 'VmHWM');

/** Resets the kernel's peak-RSS mark (`clear_refs` 5); false where that is not allowed. */
export function resetPeakResident(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const ticksPerSecond = 100;

/** User + system CPU time the process has used, in µs (10 ms resolution); NaN once it is gone. */
export function cpuMicros(pid: number): number {
  const stat = procFile(pid, 'stat');
  if (stat === undefined) return Number.NaN;
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / ticksPerSecond;
}

/**
 * Samples VmRSS every `intervalMs` until stopped and reports the highest value seen: the
 * fallback for peak RSS where the peak mark cannot be reset.
 */
export function sampleResident(pid: number, intervalMs = 20): () => number {
  let max = residentBytes(pid);
  const timer = setInterval(() => {
    const now = residentBytes(pid);
    if (Number.isNaN(now)) clearInterval(timer);
    else max = Math.max(max, now);
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return max;
  };
}
