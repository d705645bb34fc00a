import { describe, expect, test } from 'vitest';
import { formatRelativeTime } from './format-relative-time.ts';

describe('formatRelativeTime', () => {
  test('uses the largest unit that fits, rounding toward now', () => {
    expect(formatRelativeTime(250, 'en')).toBe('in 4 minutes');
    expect(formatRelativeTime(45, 'en')).toBe('in 45 seconds');
    expect(formatRelativeTime(7300, 'en')).toBe('in 2 hours');
  });

  test('says how long ago for a time past', () => {
    expect(formatRelativeTime(-130, 'en')).toBe('2 minutes ago');
  });
});
