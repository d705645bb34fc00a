import { useEffect, useState } from 'react';

/**
 * The current time in unix seconds, updated every `intervalMs`: for texts like "in 4 minutes"
 * that must not go stale while the page stays open.
 *
 * @example
 * ```ts
 * const now = useNow(15_000);
 * formatRelativeTime(expiresAt - now);
 * ```
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() / 1000), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
