import { describe, expect, it } from 'vitest';
import { upstreamPath } from './upstream-path.ts';

describe('upstreamPath', () => {
  it.each([
    ['/notes', '/', '/notes'],
    ['/notes?x=1&y=%2F', '/', '/notes?x=1&y=%2F'],
    ['/notes/42', '/v1/', '/v1/notes/42'],
    ['/a%20b', '/', '/a%20b'],
    ['', '/notes', '/notes'],
    ['?x=1', '/notes', '/notes?x=1'],
    ['', '/', '/'],
  ])('maps %j under base %j to %j', (rest, base, expected) => {
    expect(upstreamPath(rest, base)).toBe(expected);
  });

  it.each([
    '/../admin',
    '/notes/../../admin',
    '/%2e%2e/admin',
    '/%2E%2E/admin',
    '/.%2e/admin',
    '/./notes',
    '/notes%2f..%2fadmin',
    '/notes%5c..',
    '/notes\\..\\admin',
    '/notes%00',
    '/notes\u0000',
    '/.. ',
    '//evil.example/x',
    '/..#',
    '/notes#frag',
    '/notes/é',
    '/%zz',
    'notes',
  ])('refuses %j with invalid_path', (rest) => {
    expect(() => upstreamPath(rest, '/')).toThrow(
      expect.objectContaining({ code: 'invalid_path' }),
    );
  });
});
