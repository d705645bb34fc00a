const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * A time `seconds` from now in words, in the largest unit that fits: `in 4 minutes`,
 * `in 45 seconds`, `2 minutes ago`.
 *
 * @example
 * ```ts
 * formatRelativeTime(250, 'en'); // 'in 4 minutes'
 * ```
 */
export function formatRelativeTime(seconds: number, locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(Math.trunc(seconds), 'second');
}
