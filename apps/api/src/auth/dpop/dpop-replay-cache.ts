// The proofs already seen (RFC 9449 §11.1), in memory: one API instance. An entry lives as long
// as its proof could still pass the `iat` window, so the cache holds at most the proofs of one
// window; a hard cap bounds it under a flood, and when full it refuses rather than forgets (a
// forgotten jti would be a replay let through).

/** Options of {@link createDpopReplayCache}. */
export interface DpopReplayCacheOptions {
  /** Most entries held at once. Default 100 000 (a few MB). */
  maxEntries?: number;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** What {@link DpopReplayCache.remember} answers. */
export type RememberResult = 'new' | 'replayed' | 'full';

/** A set of proof ids that forgets each one at its expiry. */
export interface DpopReplayCache {
  /** Records `id` until `expiresAt` (ms); `replayed` if it is already held, `full` at the cap. */
  remember(id: string, expiresAt: number): RememberResult;
  readonly size: number;
}

/**
 * A bounded, expiring replay cache.
 *
 * @example
 * ```ts
 * const seen = createDpopReplayCache();
 * seen.remember(`${jkt}:${jti}`, (iat + 60) * 1000); // 'new', then 'replayed'
 * ```
 */
export function createDpopReplayCache(options: DpopReplayCacheOptions = {}): DpopReplayCache {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('maxEntries: expected a positive integer');
  }
  const expiries = new Map<string, number>();
  const sweep = (at: number) => {
    for (const [id, expiresAt] of expiries) if (expiresAt <= at) expiries.delete(id);
  };
  let nextSweep = 0;
  return {
    remember(id, expiresAt) {
      const at = now();
      // A sweep at most once a second, or when full: amortised O(1) per proof.
      if (at >= nextSweep || expiries.size >= maxEntries) {
        sweep(at);
        nextSweep = at + 1000;
      }
      const held = expiries.get(id);
      if (held !== undefined && held > at) return 'replayed';
      if (expiries.size >= maxEntries) return 'full';
      expiries.set(id, expiresAt);
      return 'new';
    },
    get size() {
      return expiries.size;
    },
  };
}
