/** One event of the stream, as the sample API sends it. */
export interface LiveEvent {
  counter: number;
  /** ISO 8601. */
  time: string;
  sub: string;
}

/**
 * Reads an event's `data`; `undefined` for anything that is not the sample API's shape (an
 * event the page would otherwise show as garbage or crash on).
 *
 * @example
 * ```ts
 * parseLiveEvent('{"counter":1,"time":"2026-12-07T08:00:00.000Z","sub":"alice"}');
 * ```
 */
export function parseLiveEvent(data: unknown): LiveEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { counter, time, sub } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(counter) || typeof time !== 'string' || typeof sub !== 'string') {
    return undefined;
  }
  if (Number.isNaN(Date.parse(time))) return undefined;
  return { counter: counter as number, time, sub };
}
