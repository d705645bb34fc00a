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
/** RFC 3986 unreserved characters: an escape of one means the same as the character itself. */
const unreserved = /^[A-Za-z0-9._~-]$/;

/** A checked request target: the normalised path, what routes match on, and the raw query. */
export interface CheckedTarget {
  /** The path with escapes of unreserved characters decoded (the spelling sent upstream). */
  path: string;
  /** `path` without `;` parameters in its segments: the spelling routes are matched on. */
  matchPath: string;
  /** `?` and what follows, as received (or empty). */
  query: string;
}

/**
 * Checks and normalises a raw request target (path and query) before anything routes on it.
 *
 * Upstream servers decode paths differently (Node and Go keep `;`, Tomcat/Spring drop `;params`
 * from each segment, nginx merges `//`, some decode twice), so the BFF only forwards a path that
 * every one of them reads the same way as the route table does:
 * - escapes of unreserved characters are decoded (`%61pi` is `api`), other escapes must be
 *   well-formed and are upper-cased, and encoded `/`, `\`, NUL and `;` are refused, as are
 *   double-encoded escapes (`%2561`);
 * - a segment that is, or decodes once or twice to, `.` or `..` — also before a `;` (`..;`,
 *   `%2e%2e;x`) — is refused, as are empty segments (`//`) inside the path;
 * - only visible ASCII, no backslash and no `#`.
 * Routes match `matchPath`, which drops each segment's `;` parameters as Tomcat would; the proxy
 * then requires the matched prefix in `path` itself, so `/api/admin;x/y` cannot slip past the
 * `/api/admin` route to a looser `/api` one.
 *
 * @example
 * checkRequestTarget('/api/%62illing/me?x=%2F'); // { path: '/api/billing/me', matchPath: same, query: '?x=%2F' }
 * checkRequestTarget('/api/..;/admin');        // throws BffError('invalid_path')
 */
export function checkRequestTarget(target: string): CheckedTarget {
  const queryAt = target.indexOf('?');
  const raw = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt);
  // Only visible ASCII: HTTP/1.1 parsers reject the rest, and URL parsers trim or rewrite
  // spaces and controls (`/.. ` resolves like `/..`). A backslash is a slash to some servers.
  // A '#' never belongs in a request target (fragments stay in the browser); parsers upstream
  // would cut the path there ('/..#' is '/..'). Found by the property test.
  if (!visibleAscii.test(target) || target.includes('\\') || target.includes('#')) throw invalid();
  // An empty segment inside the path is merged away by nginx and Go: `/api//admin` would reach
  // another route's upstream path than the one it was matched for.
  if (raw.includes('//')) throw invalid();
  // Without '%', '.' or ';' no segment can be (or decode to) a dot segment or carry parameters:
  // the common case, checked with three scans and no allocation.
  if (!raw.includes('%') && !raw.includes('.') && !raw.includes(';')) {
    return { path: raw, matchPath: raw, query };
  }
  const path = raw.includes('%') ? decodeUnreserved(raw) : raw;
  const segments = path.split('/');
  for (const segment of segments) checkSegment(segment);
  const matchPath = path.includes(';')
    ? segments.map((segment) => segment.split(';', 1)[0]).join('/')
    : path;
  return { path, matchPath, query };
}

/** Decodes escapes of unreserved characters and upper-cases the others; malformed ones throw. */
function decodeUnreserved(path: string): string {
  // A double-encoded escape (`%2561` is `%61` once decoded, `a` twice) names one path to a server
  // that decodes once and another to one that decodes twice: no route can be sure of it.
  if (/%25[0-9A-Fa-f]{2}/.test(path)) throw invalid();
  return path.replace(/%(.{0,2})/g, (_escape, hex: string) => {
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid();
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    if (unreserved.test(char)) return char;
    // Encoded separators would be split (or not) differently upstream; NUL ends C strings.
    if (char === '/' || char === '\\' || char === ';' || char === '\0') throw invalid();
    return `%${hex.toUpperCase()}`;
  });
}

/** Refuses a segment that is, or decodes once or twice to, a dot segment (before any `;`). */
function checkSegment(segment: string): void {
  const once = decodeOrRefuse(segment);
  // Decoded a second time, as some servers and frameworks do: `%252e%252e` is `..` there.
  let twice = once;
  try {
    twice = decodeURIComponent(once);
  } catch {
    // Not valid as a second escape level: no server reads it as one.
  }
  for (const spelling of [segment, once, twice]) {
    const name = spelling.split(';', 1)[0];
    if (name === '.' || name === '..') throw invalid();
    if (/[/\\\0]/.test(spelling)) throw invalid();
  }
}

function decodeOrRefuse(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid();
  }
}
