import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-options.ts';

describe('parseBenchArgs --sessions', () => {
  it('stores a million sessions by default and 100,000 with --quick', () => {
    expect(parseBenchArgs([], '/out').sessions).toBe(1_000_000);
    expect(parseBenchArgs(['--quick'], '/out').sessions).toBe(100_000);
  });

  it('takes a count (underscores allowed) or 0 for no many-sessions targets', () => {
    expect(parseBenchArgs(['--sessions', '250_000'], '/out').sessions).toBe(250_000);
    expect(parseBenchArgs(['--quick', '--sessions', '0'], '/out').sessions).toBe(0);
  });

  it('refuses a count that is not a whole number, naming the flag', () => {
    for (const bad of ['-1', '1.5', 'many'])
      expect(() => parseBenchArgs(['--sessions', bad], '/out')).toThrow(/--sessions/);
  });
});
