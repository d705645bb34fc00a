import { BffError } from '../errors/bff-error.ts';
import { hasControlCharacter } from './has-control-character.ts';

const base = 'https://return-to.invalid';
/** The longest `returnTo` kept, measured once normalised: it travels in the login cookie. */
const maxLength = 2048;

/**
 * Validates where the browser goes after login: a path on this origin, never elsewhere.
 * Refuses `//host` and `/\host` (browsers read both as another host), absolute URLs, backslashes
 * and control characters anywhere, anything that would resolve to another origin, and a path
 * longer than 2048 characters once normalised (percent-encoded).
 *
 * @example
 * parseReturnTo('/notes?x=1'); // '/notes?x=1'
 * parseReturnTo('//evil.example'); // throws BffError('invalid_return_to')
 */
export function parseReturnTo(raw: unknown): string {
  if (raw === undefined || raw === '') return '/';
  const invalid = () => new BffError('invalid_return_to');
  // A first cut on the raw text (cheap); the real limit is on the normalised path below.
  if (typeof raw !== 'string' || raw.length > maxLength) throw invalid();
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
  // Normalising percent-encodes: 2,047 × `é` (2,048 characters) becomes 12,283. Measured here,
  // so the login cookie that carries it stays small (see login-transaction.ts).
  if (path.length > maxLength) throw invalid();
  return path;
}
