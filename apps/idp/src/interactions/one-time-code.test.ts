import { describe, expect, it } from 'vitest';
import { oneTimeCodes } from './one-time-code.ts';

describe('oneTimeCodes', () => {
  it('gives each sign-in attempt a stable six-digit code that only it accepts', () => {
    const codes = oneTimeCodes();
    const code = codes.codeFor('attempt-1');
    expect(code).toMatch(/^\d{6}$/);
    expect(codes.codeFor('attempt-1')).toBe(code);
    expect(codes.verify('attempt-1', code)).toBe(true);
    expect(codes.verify('attempt-1', ` ${code} `)).toBe(true);
    const other = codes.codeFor('attempt-2');
    expect(codes.verify('attempt-2', code)).toBe(code === other);
  });

  it('refuses a wrong, empty or longer code, and codes of another IdP start', () => {
    const codes = oneTimeCodes();
    const code = codes.codeFor('attempt');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(codes.verify('attempt', wrong)).toBe(false);
    expect(codes.verify('attempt', '')).toBe(false);
    expect(codes.verify('attempt', `${code}0`)).toBe(false);
    const restarted = oneTimeCodes();
    // Another key: the same attempt's code differs (1 in a million it collides).
    expect(
      restarted.codeFor('attempt') === code && restarted.codeFor('x') === codes.codeFor('x'),
    ).toBe(false);
  });
});
