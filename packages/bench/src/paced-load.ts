import { Pool } from 'undici';
import { toLoadResult, type LoadResult } from './load.ts';

/**
 * Sends `rate` requests a second at an even pace for `durationSec` (open loop), over up to
 * `connections` keep-alive connections. The pace does not wait for answers (open loop), and each
 * latency counts from when the request was handed to the client, including any wait for a free
 * connection, so a server that falls behind shows its queueing instead of slowing the load.
 * An unrecorded first second at the same pace fills the connection pools first.
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second and lets it
 * fire back to back until the quota is spent, then idles until the next second. Half the bare
 * proxy's rate is then full-speed bursts for half of every second, and the "half load" latency
 * is really saturation latency.
 *
 * @example
 * await runPacedLoad({ url, headers, rate: 5000, connections: 50, durationSec: 5 });
 */
export async function runPacedLoad(options: {
  url: string;
  headers?: Record<string, string>;
  rate: number;
  connections: number;
  durationSec: number;
}): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const path = target.pathname + target.search;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const intervalMs = 1000 / options.rate;
  const inFlight = new Set<Promise<void>>();

  const send = (record: boolean) => {
    const sentAt = performance.now();
    const call = pool
      .request({ method: 'GET', path, headers: options.headers ?? {} })
      .then(async (response) => {
        await response.body.dump();
        if (!record) return;
        if (response.statusCode < 200 || response.statusCode > 299) non2xx += 1;
        latencies.push(performance.now() - sentAt);
      })
      .catch(() => {
        if (record) errors += 1;
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };

  /** Paces `rate` requests a second for `seconds`, then waits for the last answers. */
  const pace = async (seconds: number, record: boolean): Promise<number> => {
    const total = Math.round(options.rate * seconds);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let sent = 0;
      // Timers fire about once a millisecond; each tick sends every request now due.
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
        for (; sent < due; sent += 1) send(record);
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    await Promise.all(inFlight);
    return (performance.now() - started) / 1000;
  };

  // Unrecorded first second at the same pace: the client's and the proxy's connection pools
  // fill up here. Measured without it, connection set-up made the first 200 ms of every run
  // 30-190 ms slow and the p99 was the ramp-up's, not the steady state's.
  await pace(Math.min(1, options.durationSec), false);
  const seconds = await pace(options.durationSec, true);
  await pool.close();

  return toLoadResult(latencies, { requests: latencies.length, seconds, errors, non2xx });
}
