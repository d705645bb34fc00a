import { BffError } from '../errors/bff-error.ts';

/**
 * Maps the raw request target after `/api` to the upstream's path, or refuses it. Checks run on
 * the raw target once, before anything routes on it: dot segments (plain or percent-encoded),
 * encoded slashes and backslashes, NUL and other control characters, and malformed escapes are
 * refused, so `/api/../admin` or `/api/%2e%2e/admin` can never leave the upstream's tree.
 *
 * @example
 * upstreamPath('/notes?x=1', '/'); // '/notes?x=1'
 * upstreamPath('/../admin', '/');  // throws BffError('invalid_path')
 */
export function upstreamPath(rawRest: string, basePath: string): string {
  const { path, query } = checkRequestTarget(rawRest);
  return joinUpstreamPath(path, query, basePath);
}

/**
 * The upstream target for a checked path (what follows the route's prefix) and query. The proxy
 * calls this with the parts of the whole target it already checked: a route prefix ends at a
 * `/`, `?` or the end, so what follows it has no segment the whole target did not have.
 */
export function joinUpstreamPath(path: string, query: string, basePath: string): string {
  // An empty rest addresses the route's own upstream path (`/api/notes` → `<upstream>/notes`).
  if (path !== '' && !path.startsWith('/')) throw invalid();
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  const joined = `${base}${path}`;
  // A target starting with '//' reads as a host to URL parsers upstream; there is no reason to send one.
  if (joined.startsWith('//')) throw invalid();
  return joined === '' ? `/${query}` : `${joined}${query}`;
}

const visibleAscii = /^[\x21-\x7e]*$/;
const invalid = () => new BffError('invalid_path');

/**
 * Refuses a raw request target (path and query) with dot segments, encoded slashes or
 * backslashes, NUL or other control characters, or malformed escapes. The proxy runs it once,
 * on the whole target, before routing.
 */
export function checkRequestTarget(target: string): { path: string; query: string } {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt);
  // Only visible ASCII: HTTP/1.1 parsers reject the rest, and URL parsers trim or rewrite
  // spaces and controls (`/.. ` resolves like `/..`). A backslash is a slash to some servers.
  // A '#' never belongs in a request target (fragments stay in the browser); parsers upstream
  // would cut the path there ('/..#' is '/..'). Found by the property test.
  if (!visibleAscii.test(target) || target.includes('\\') || target.includes('#')) throw invalid();
  // Without '%' or '.' in the path no segment can be (or decode to) a dot segment: the common case.
  if (!path.includes('%') && !path.includes('.')) return { path, query };
  if (/%(2f|5c|00)/i.test(path)) throw invalid();
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalid();
    }
    if (decoded === '.' || decoded === '..') throw invalid();
  }
  return { path, query };
}
