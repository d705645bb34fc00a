import { BffError } from '../errors/bff-error.ts';
import { hasControlCharacter } from '../oidc/has-control-character.ts';

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
  const invalid = () => new BffError('invalid_path', 'The request path is not allowed.');
  const queryAt = rawRest.indexOf('?');
  const path = queryAt === -1 ? rawRest : rawRest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rawRest.slice(queryAt);
  if (!path.startsWith('/')) throw invalid();
  if (rawRest.includes('\\') || hasControlCharacter(rawRest)) throw invalid();
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
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  return `${base}${path}${query}`;
}
