import type { BenchOptions } from './bench-options.ts';
import type { LoadResult } from './load.ts';
import type { Machine } from './machine.ts';
import type { ProfileSummary } from './profile-summary.ts';
import type { LiveStreamsResult } from './live-streams.ts';
import type { PeerStormResult } from './peer-storm.ts';
import type { StormResult } from './refresh-storm.ts';
import type { StreamResult } from './streaming.ts';

/** One load target's results over all rounds. */
export interface TargetReport {
  name: string;
  /** `peer`: another project's BFF or OIDC proxy, measured beside ours. */
  role: 'reference' | 'floor' | 'bff' | 'peer';
  rounds: LoadResult[];
  /** req/s of each round divided by the bare proxy's in the same round. */
  ratios: number[];
  ratio: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  cpuMicrosPerRequest: number | undefined;
  peakRssBytes: number;
  /** Times its server crashed and was replaced during the run. */
  restarts: number;
  /** Redis commands per proxied request (Redis store only). */
  redisCommandsPerRequest?: number;
}

export interface HalfLoadRow {
  name: string;
  /** Medians of the rounds (sums for counts). */
  result: LoadResult;
  /** p99 of each round, ms, in round order. */
  p99PerRoundMs: number[];
}

/** One proxy's transfers in one direction: median throughput, largest RSS growth. */
export interface StreamRow extends StreamResult {
  target: string;
  /** How many measured transfers of `bytes` each. */
  transfers: number;
  /** Throughput ÷ the bare proxy's in the same direction. */
  ratio: number;
}

/** Everything `pnpm bench` measured in one run; written as raw/latest.json. */
export interface BenchReport {
  startedAt: string;
  seconds: number;
  options: BenchOptions;
  machine: Machine;
  targets: TargetReport[];
  unavailable: Array<{ name: string; reason: string }>;
  halfLoad: { rate: number; rows: HalfLoadRow[] };
  streaming: { bytes: number; rows: StreamRow[] };
  storm: StormResult | { error: string };
  /** The same over the login's token and a resource's, through 3 instances on Redis. */
  resourceStorm: StormResult | { error: string };
  /** Many open event streams: memory and CPU while idle, and closing them all on one logout. */
  liveStreams: LiveStreamsResult | { error: string };
  /** Servers that exited on their own during the run. */
  crashes: Array<{ name: string; code: number | null; signal: string | null; output: string[] }>;
  profiles: ProfileSummary[];
  /**
   * The same store with one session and with `sessions` stored (filled before its BFF
   * started): the fill and the req/s ratio of the full store to the empty one.
   */
  sessionScale?: {
    sessions: number;
    /** Bytes of sealed data a filler session carries (that of the bench's real session). */
    sealedBytes: number;
    rows: SessionScaleRow[];
  };
  /** Notes on targets measured in their own way or skipped (peers). */
  notes?: string[];
  /** The refresh storm on each peer that ran. */
  peerStorms?: Array<{ name: string; result: PeerStormResult | { error: string } }>;
}

/** One store with one session and with many. */
export interface SessionScaleRow {
  store: 'sqlite' | 'redis';
  /** Target names in `targets`: one stored session, and `sessions` of them. */
  single: string;
  many: string;
  fillSeconds: number;
  bytesPerSession: number;
  /** Median over rounds of (req/s with many) ÷ (req/s with one), same round. */
  ratio: number;
  ratios: number[];
}
