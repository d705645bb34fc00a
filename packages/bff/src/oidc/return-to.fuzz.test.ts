import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { parseReturnTo } from './return-to.ts';

const base = 'https://app.example.com';
const tricky = fc.constantFrom(
  '/',
  '//',
  '\\',
  '/\\',
  '.',
  '..',
  '%2f',
  '%5c',
  '%2e',
  '@',
  ':',
  '?',
  '#',
  '\t',
  '\n',
  '\u0000',
  'http:',
  'javascript:',
  'evil.example',
  '%0d%0a',
  '\u2028',
  '\uff0f',
);
const candidate = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 10 })
    .map((parts) => parts.join('')),
  fc.webUrl(),
);

describe('parseReturnTo (property-based)', () => {
  it('never sends the browser off-site, whatever the input', () => {
    fc.assert(
      fc.property(candidate, (input) => {
        let result: string;
        try {
          result = parseReturnTo(input);
        } catch (error) {
          return error instanceof BffError;
        }
        // What a browser would do with the Location header stays on our origin.
        return (
          result.startsWith('/') &&
          !result.startsWith('//') &&
          !result.includes('\\') &&
          new URL(result, base).origin === base
        );
      }),
      { numRuns: 20000 },
    );
  });
});
