import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The hottest functions of one `--cpu-prof` profile, by self time. */
export interface ProfileSummary {
  name: string;
  busyMs: number;
  functions: Array<{ name: string; where: string; selfMs: number; share: number }>;
  /** Self time by where the code lives: a package, Node's internals, GC, ... */
  areas: Array<{ area: string; selfMs: number; share: number }>;
}

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
}

const notBusy = new Set(['(idle)', '(program)']);

/**
 * Reads a V8 `.cpuprofile` and adds up self time per function and per area.
 *
 * @example
 * summarizeProfile('bench/results/raw/profiles/bff-memory.cpuprofile', 25);
 */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, { name: string; where: string; selfMs: number }>();
  const areas = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id);
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    if (!frame || notBusy.has(frame.functionName)) return;
    busyMs += ms;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, selfMs: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
    const area = areaOf(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  });
  const share = (ms: number) => (busyMs ? ms / busyMs : 0);
  return {
    name: basename(file, '.cpuprofile'),
    busyMs,
    functions: [...functions.values()]
      .toSorted((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((f) => ({ ...f, share: share(f.selfMs) })),
    areas: [...areas.entries()]
      .toSorted((a, b) => b[1] - a[1])
      .map(([area, selfMs]) => ({ area, selfMs, share: share(selfMs) })),
  };
}

function shortUrl(url: string): string {
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/.exec(url);
  if (pnpm) return pnpm[1] as string;
  const workspace = /\/(packages|apps)\/(.+)$/.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url.replace(/^file:\/\//, '');
}

function areaOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (!url) return functionName.startsWith('(') ? functionName : 'native / V8 builtins';
  if (url.startsWith('node:')) return 'node internals';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[1] as string;
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return `@cloakroom/${workspace[2]}`;
  return 'other';
}
