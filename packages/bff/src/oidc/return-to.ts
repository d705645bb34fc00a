import { BffError } from '../errors/bff-error.ts';
import { hasControlCharacter } from './has-control-character.ts';

const base = 'https://return-to.invalid';

/**
 * Validates where the browser goes after login: a path on this origin, never elsewhere.
 * Refuses `//host` and `/\host` (browsers read both as another host), absolute URLs, backslashes
 * and control characters anywhere, and anything that would resolve to another origin.
 *
 * @example
 * parseReturnTo('/notes?x=1'); // '/notes?x=1'
 * parseReturnTo('//evil.example'); // throws BffError('invalid_return_to')
 */
export function parseReturnTo(raw: unknown): string {
  if (raw === undefined || raw === '') return '/';
  const invalid = () => new BffError('invalid_return_to');
  if (typeof raw !== 'string' || raw.length > 2048) throw invalid();
  if (
    !raw.startsWith('/') ||
    raw.startsWith('//') ||
    raw.includes('\\') ||
    hasControlCharacter(raw)
  ) {
    throw invalid();
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw invalid();
  }
  if (url.origin !== base) throw invalid();
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise into a protocol-relative URL: '/.//evil.example' resolves to the
  // path '//evil.example', which a browser reads as another host. Found by the property test.
  if (path.startsWith('//')) throw invalid();
  return path;
}
