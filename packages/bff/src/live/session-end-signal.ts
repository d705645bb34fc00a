/**
 * Which sessions have ended: one by its store key (logout, an end by id, expiry, a dead refresh
 * token), or every session of an IdP session (`sid`) or of a user (`sub`), as a back-channel
 * logout names them.
 */
export type SessionEnd = { key: string } | { sid: string } | { sub: string };

/** Told of every announced end, on this instance and (with a shared store) on the others. */
export type SessionEndListener = (end: SessionEnd) => void;

/**
 * The end-of-session signal that live connections close on. `announce` tells this instance's
 * listeners at once (synchronously) and, when the backend is shared, every other instance too.
 *
 * @example
 * const signal = createLocalSessionEndSignal();
 * signal.listen((end) => liveConnections.end(end));
 * signal.announce({ key: storeKey });
 */
export interface SessionEndSignal {
  announce(end: SessionEnd): void;
  /** Returns the function that stops listening. */
  listen(listener: SessionEndListener): () => void;
  /**
   * Calls `listener` when ends announced elsewhere may have been missed and are now heard
   * again: a shared signal's connection was lost and is back. Those who act on ends should look
   * again at what they hold. Returns the function that stops listening.
   */
  onMissedEnds(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Calls each listener, isolating failures: one listener's exception must not keep the others
 * (or the ender that announced) from running. `E` is what they are told (`void`: only that
 * something happened).
 */
export function createListeners<E = SessionEnd>(onFailure: (error: unknown) => void) {
  const listeners = new Set<(event: E) => void>();
  return {
    add(listener: (event: E) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    call(event: E): void {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onFailure(error);
        }
      }
    },
  };
}

/**
 * The signal for a store only this process uses (memory, SQLite): the listeners are all here.
 *
 * @example
 * const signal = createLocalSessionEndSignal();
 */
export function createLocalSessionEndSignal(
  onFailure: (error: unknown) => void = () => undefined,
): SessionEndSignal {
  const listeners = createListeners(onFailure);
  return {
    announce: (end) => listeners.call(end),
    listen: (listener) => listeners.add(listener),
    // In-process: nothing is ever missed.
    onMissedEnds: () => () => undefined,
    close: async () => undefined,
  };
}

/** Whether `value` is a well-formed {@link SessionEnd} (for one read off the wire). */
export function isSessionEnd(value: unknown): value is SessionEnd {
  if (typeof value !== 'object' || value === null) return false;
  const fields = Object.entries(value);
  if (fields.length !== 1) return false;
  const [name, field] = fields[0]!;
  return (name === 'key' || name === 'sid' || name === 'sub') && typeof field === 'string';
}
