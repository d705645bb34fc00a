/**
 * Whether a proof's `htu` names the request URL (RFC 9449 §4.3): the query and fragment of the
 * `htu` are ignored, and both are compared after URL normalisation (scheme and host case,
 * default port, dot segments: RFC 3986 §6.2.2–6.2.3 as the WHATWG URL parser applies them).
 * The request URL is `http://<Host header><path>` (the API serves plain HTTP on loopback).
 *
 * @example
 * ```ts
 * htuMatches('HTTP://127.0.0.1:80/me?x', 'http://127.0.0.1/me'); // true
 * ```
 */
export function htuMatches(htu: unknown, requestUrl: string): boolean {
  if (typeof htu !== 'string') return false;
  const claimed = URL.parse(htu);
  const actual = URL.parse(requestUrl);
  if (!claimed || !actual || claimed.username || claimed.password) return false;
  return claimed.origin === actual.origin && claimed.pathname === actual.pathname;
}
