import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { upstreamPath } from './upstream-path.ts';

const piece = fc.constantFrom(
  '/',
  '..',
  '.',
  '%2e',
  '%2E',
  '%2f',
  '%5c',
  '\\',
  '%00',
  '%',
  '%zz',
  '?',
  'a',
  'notes',
  '%252e',
  ';',
  '//',
);
const target = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 12 })
  .map((parts) => `/${parts.join('')}`);

describe('upstreamPath (property-based)', () => {
  it('never produces a path that leaves the route’s base, whatever the input', () => {
    fc.assert(
      fc.property(target, (input) => {
        let result: string;
        try {
          result = upstreamPath(input, '/v1/');
        } catch (error) {
          return error instanceof BffError;
        }
        const path = result.split('?')[0]!;
        const segments = path.split('/').map((s) => decodeURIComponent(s));
        // Resolved the way the upstream's URL parser would, it stays under /v1.
        return (
          path.startsWith('/v1') &&
          new URL(path, 'http://upstream').pathname.startsWith('/v1') &&
          !segments.includes('..')
        );
      }),
      { numRuns: 20000 },
    );
  });
});
