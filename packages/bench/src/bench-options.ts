import { parseArgs } from 'node:util';

/** How long and how hard `pnpm bench` runs. */
export interface BenchOptions {
  quick: boolean;
  /** Interleaved rounds: in each, every target is loaded once for `durationSec`. */
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  /** Bytes moved in each streaming test (1 GiB; 64 MiB with --quick). */
  streamBytes: number;
  stormCalls: number;
  stormTtlSeconds: number;
  /** Open event streams held at once in the live-connection test (1,000; 200 with --quick). */
  liveStreams: number;
  /** Where latest.md and latest.svg go (raw data under `raw/`). */
  outDir: string;
  /** Run the servers under `--cpu-prof` and summarise their hottest functions. */
  profile: boolean;
  /** Sessions stored before the "many sessions" targets are loaded (0: no such targets). */
  sessions: number;
}

const MiB = 1024 * 1024;

/**
 * Parses `pnpm bench` flags: `--quick` (CI smoke: 1 round × 1 s, 64 MiB streams), `--rounds`,
 * `--duration` (s), `--connections`, `--stream-mb`, `--out <dir>`, `--profile`, `--sessions <n>`
 * (stored sessions of the SQLite and Redis "many sessions" targets: 1,000,000, 100,000 with
 * --quick, 0 for none).
 *
 * @example
 * parseBenchArgs(['--quick'], '/repo/bench/results');
 */
export function parseBenchArgs(argv: string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'stream-mb': { type: 'string' },
      out: { type: 'string' },
      sessions: { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const positive = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`--${name} must be a positive number`);
    return value;
  };
  return {
    quick,
    rounds: Math.round(positive('rounds', values.rounds, quick ? 1 : 3)),
    durationSec: positive('duration', values.duration, quick ? 1 : 5),
    warmupSec: quick ? 0.5 : 2,
    connections: Math.round(positive('connections', values.connections, 50)),
    streamBytes: Math.round(positive('stream-mb', values['stream-mb'], quick ? 64 : 1024) * MiB),
    stormCalls: 200,
    stormTtlSeconds: 3,
    liveStreams: quick ? 200 : 1000,
    outDir: values.out ?? defaultOutDir,
    profile: values.profile ?? false,
    sessions: sessionCount(values.sessions, quick ? 100_000 : 1_000_000),
  };
}

function sessionCount(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError('--sessions must be a whole number (0: no many-sessions targets)');
  return value;
}
