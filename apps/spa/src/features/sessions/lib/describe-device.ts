import { parse } from 'bowser';

/** A session's device in words, from the `User-Agent` of the browser that logged in. */
export interface DeviceDescription {
  /** E.g. `Firefox 140 on Linux`, `Safari on iOS 18.0`, or `Unknown browser`. */
  label: string;
  /** `desktop`, `mobile`, `tablet`, `tv`, or `unknown`. */
  kind: string;
}

/**
 * Names the browser and system of a `User-Agent` (with bowser, which this page alone loads).
 * Only the browser's major version: the rest says nothing to a person.
 *
 * @example
 * ```ts
 * describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0');
 * // { label: 'Firefox 140 on Linux', kind: 'desktop' }
 * ```
 */
export function describeDevice(userAgent: string): DeviceDescription {
  if (!userAgent.trim()) return { label: 'Unknown browser', kind: 'unknown' };
  const parsed = parse(userAgent);
  const major = parsed.browser.version?.split('.')[0];
  const browser = parsed.browser.name
    ? [parsed.browser.name, major].filter(Boolean).join(' ')
    : 'Unknown browser';
  const os = [parsed.os.name, parsed.os.name === 'macOS' ? undefined : parsed.os.version]
    .filter(Boolean)
    .join(' ');
  return {
    label: os ? `${browser} on ${os}` : browser,
    kind: parsed.platform.type ?? 'unknown',
  };
}
