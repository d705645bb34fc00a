import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.ts';
import { parseInterval } from './parse-interval.ts';

describe('parseInterval', () => {
  it('defaults to one second', () => {
    expect(parseInterval(undefined)).toBe(1);
    expect(parseInterval('')).toBe(1);
  });

  it.each([
    ['0.1', 0.1],
    ['2', 2],
    ['0.25', 0.25],
    ['3600', 3600],
  ])('reads %s as %s seconds', (value, seconds) => {
    expect(parseInterval(value)).toBe(seconds);
  });

  it.each(['0', '0.05', '3600.5', '-1', 'abc', '1e3', '0x10', ' 2', 'Infinity', 'NaN', '.5'])(
    'refuses %j with 400 invalid_interval',
    (value) => {
      let error: unknown;
      try {
        parseInterval(value);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'invalid_interval', status: 400 });
    },
  );

  it('refuses a repeated parameter', () => {
    expect(() => parseInterval(['1', '2'])).toThrow(ApiError);
  });
});
