import { describe, expect, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { parseReturnTo } from './return-to.ts';

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseReturnTo', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['/notes', '/notes'],
    ['/notes?tab=all#top', '/notes?tab=all#top'],
    ['/a/../b', '/b'],
  ])('accepts the same-origin path %j as %j', (input, expected) => {
    expect(parseReturnTo(input)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/./%2e//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'notes',
    '/notes\r\nSet-Cookie: x=1',
    '/\tevil',
    `/${'a'.repeat(2100)}`,
  ])('refuses %j with invalid_return_to', (input) => {
    const error = captureError(() => parseReturnTo(input));
    expect(error).toBeInstanceOf(BffError);
    expect(error).toMatchObject({ code: 'invalid_return_to', status: 400 });
  });

  it('keeps percent-encoded characters encoded, so they cannot split the Location header', () => {
    expect(parseReturnTo('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
  });

  it('refuses a repeated parameter (an array)', () => {
    expect(() => parseReturnTo(['/a', '/b'])).toThrow(BffError);
  });
});
