import { ApiError } from '../api-error.ts';

/** The slowest and fastest pace of `GET /events`, in seconds. */
export const INTERVAL_LIMITS = { min: 0.1, max: 3600, default: 1 } as const;

/**
 * Reads `every` (seconds between two events) from a query string value: absent or empty → 1;
 * a plain decimal number from 0.1 to 3600 → that many seconds; anything else (`abc`, `1e3`,
 * `0`, `-1`, `Infinity`, a repeated parameter) → `400 invalid_interval`.
 *
 * @example
 * ```ts
 * parseInterval('0.5'); // 0.5
 * parseInterval(undefined); // 1
 * ```
 */
export function parseInterval(value: string | string[] | undefined): number {
  if (value === undefined || value === '') return INTERVAL_LIMITS.default;
  // Only plain decimals: Number() would also take '0x10', '1e3' or ' 2 ', which nobody means.
  const seconds =
    typeof value === 'string' && /^\d{1,4}(\.\d{1,3})?$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= INTERVAL_LIMITS.min && seconds <= INTERVAL_LIMITS.max)) {
    throw new ApiError(
      'invalid_interval',
      400,
      `every must be a number of seconds from ${INTERVAL_LIMITS.min} to ${INTERVAL_LIMITS.max}`,
    );
  }
  return seconds;
}
