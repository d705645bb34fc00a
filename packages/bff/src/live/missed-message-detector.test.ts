import { describe, expect, it } from 'vitest';
import { createMissedMessageDetector } from './missed-message-detector.ts';

const detector = (startAt = 0) => {
  const clock = { now: startAt };
  const detect = createMissedMessageDetector({
    now: () => clock.now,
    graceMs: 4_000,
    forgetAfterMs: 60_000,
  });
  return { clock, detect };
};

describe('createMissedMessageDetector', () => {
  it('sees nothing missed while a sender counts up by one', () => {
    const { detect } = detector();
    expect([1, 2, 3, 4].map((seq) => detect.seen('a', seq))).toEqual([false, false, false, false]);
  });

  it('sees a jump in one sender’s numbers as missed messages, once', () => {
    const { detect } = detector();
    detect.seen('a', 1);
    expect(detect.seen('a', 3)).toBe(true);
    expect(detect.seen('a', 4)).toBe(false);
  });

  it('keeps senders apart', () => {
    const { detect } = detector();
    detect.seen('a', 1);
    detect.seen('b', 1);
    expect(detect.seen('a', 2)).toBe(false);
    expect(detect.seen('b', 5)).toBe(true);
  });

  it('takes a repeat or a late message for nothing missed', () => {
    const { detect } = detector();
    detect.seen('a', 5);
    expect(detect.seen('a', 5)).toBe(false);
    expect(detect.seen('a', 4)).toBe(false);
    expect(detect.seen('a', 6)).toBe(false);
  });

  it('takes a new sender past its first message for a gap only once the receiver has listened a while', () => {
    const { clock, detect } = detector();
    // Just started: an instance that was running before is heard mid-count.
    expect(detect.seen('old', 40)).toBe(false);
    clock.now = 10_000;
    // Listening for a while: a new instance's first messages should have been heard.
    expect(detect.seen('new', 1)).toBe(false);
    expect(detect.seen('newer', 3)).toBe(true);
  });

  it('forgets a sender not heard for long, and counts a deafness that long as a gap', () => {
    const { clock, detect } = detector();
    detect.seen('a', 1);
    clock.now = 120_000;
    expect(detect.seen('a', 60)).toBe(true);
  });
});
