import autocannon from 'autocannon';
import { cpuMicros } from './proc-stats.ts';
import { percentile } from './stats.ts';

/** One fixed-time load run against one target. */
export interface LoadResult {
  requests: number;
  rps: number;
  /** Latencies in milliseconds, with microsecond precision. */
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** CPU the server process used per request, µs (undefined without a pid). */
  cpuMicrosPerRequest: number | undefined;
}

/**
 * Runs autocannon for `durationSec` with `connections`, as fast as the target answers.
 * Latency percentiles are computed from every response's own time: autocannon's histogram
 * keeps whole milliseconds, too coarse for a proxy that adds fractions of one.
 *
 * @example
 * await runLoad({ url: 'http://127.0.0.1:8080/api/item', connections: 50, durationSec: 5 });
 */
export function runLoad(options: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSec: number;
  serverPid?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const cpuBefore = options.serverPid ? cpuMicros(options.serverPid) : 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        headers: options.headers ?? {},
        connections: options.connections,
        duration: options.durationSec,
        timeout: 10,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const cpu = options.serverPid ? cpuMicros(options.serverPid) - cpuBefore : undefined;
        resolve(
          toLoadResult(latencies, {
            requests: result.requests.total,
            seconds: result.duration || options.durationSec,
            errors: result.errors + result.timeouts,
            non2xx: result.non2xx,
            cpuMicros: cpu,
          }),
        );
      },
    );
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
      },
    );
  });
}

/** A run's result from its latencies (ms), counts, and the server's CPU time if measured. */
export function toLoadResult(
  latencies: readonly number[],
  run: { requests: number; seconds: number; errors: number; non2xx: number; cpuMicros?: number },
): LoadResult {
  const sorted = Float64Array.from(latencies).toSorted();
  const { requests, cpuMicros: cpu } = run;
  return {
    requests,
    rps: requests / run.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: run.errors,
    non2xx: run.non2xx,
    cpuMicrosPerRequest:
      cpu === undefined || Number.isNaN(cpu) || requests === 0 ? undefined : cpu / requests,
  };
}
