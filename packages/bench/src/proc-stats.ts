import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

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

/** Fields of /proc/<pid>/stat after the command name (in parentheses, may contain spaces). */
function statFields(pid: number): string[] | undefined {
  const stat = procFile(pid, 'stat');
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * User + system CPU time the process has used, in µs (10 ms resolution); NaN once it is gone.
 * A server made of several processes (Apache's children) counts as a whole: its live
 * descendants' time and that of the children it has already reaped are added.
 */
export function cpuMicros(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) return Number.NaN;
  // utime, stime, cutime, cstime (the reaped children's).
  let ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  for (const child of descendants(pid)) {
    const childFields = statFields(child);
    if (childFields) ticks += Number(childFields[11]) + Number(childFields[12]);
  }
  return (ticks * 1_000_000) / ticksPerSecond;
}

/** The live descendants of `pid` (none for a single Node server). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (!Number.isFinite(parent)) continue;
    parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
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
