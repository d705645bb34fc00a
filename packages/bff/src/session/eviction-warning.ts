import type { Logger } from '../observability/logger.ts';

/** A burst of evictions ends after this long without one; the next one warns again. */
const quietMs = 60_000;

/**
 * One warning per burst of evictions from a bounded store, not one per evicted session: at the
 * cap, every new login evicts, and a line each would flood the log. The first eviction of a
 * burst warns; the next burst's warning says how many went since.
 *
 * @example
 * const warn = createEvictionWarning({ maxSessions: 100_000, now: Date.now, logger });
 * warn(1, 100_000);
 */
export function createEvictionWarning(options: {
  maxSessions: number;
  now: () => number;
  logger: Pick<Logger, 'warn'> | undefined;
}): (evicted: number, kept: number) => void {
  let lastEviction = Number.NEGATIVE_INFINITY;
  let sinceWarning = 0;
  return (evicted, kept) => {
    const t = options.now();
    const newBurst = t - lastEviction >= quietMs;
    lastEviction = t;
    sinceWarning += evicted;
    if (!newBurst) return;
    options.logger?.warn(
      { maxSessions: options.maxSessions, kept, evicted: sinceWarning },
      'the memory session store is full: evicting the least recently used sessions (their users must log in again); raise max or use sqlite: or redis://',
    );
    sinceWarning = 0;
  };
}
