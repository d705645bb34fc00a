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

  it('measures the 2048-character limit after normalisation (percent-encoding)', () => {
    const longest = `/${'a'.repeat(2047)}`;
    expect(parseReturnTo(longest)).toBe(longest);
    // 2,048 characters as sent, 12,283 once each é is percent-encoded (%C3%A9).
    expect(() => parseReturnTo(`/${'é'.repeat(2047)}`)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to' }),
    );
    expect(() => parseReturnTo(`/${'a'.repeat(2045)} x`)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to' }),
    );
  });

  it('refuses a repeated parameter (an array)', () => {
    expect(() => parseReturnTo(['/a', '/b'])).toThrow(BffError);
  });
});
