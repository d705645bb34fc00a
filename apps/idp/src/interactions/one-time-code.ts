import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What {@link oneTimeCodes} returns. */
export interface OneTimeCodes {
  /** The six-digit code of one sign-in attempt (an interaction uid). */
  codeFor(uid: string): string;
  /** Whether `given` is that attempt's code (constant-time). */
  verify(uid: string, given: string): boolean;
}

/**
 * The dev IdP's "second factor": a six-digit code per sign-in attempt, derived from the
 * attempt's uid with a key made at start-up, so nothing is stored and a code is worthless for
 * any other attempt or after a restart. A real IdP would send it to a device; this one shows it
 * on the page, which is enough to exercise step-up end to end.
 *
 * @example
 * ```ts
 * const codes = oneTimeCodes();
 * codes.verify(uid, codes.codeFor(uid)); // true
 * ```
 */
export function oneTimeCodes(): OneTimeCodes {
  const key = randomBytes(32);
  const codeFor = (uid: string) => {
    const number = createHmac('sha256', key).update(uid).digest().readUInt32BE(0) % 1_000_000;
    return number.toString().padStart(6, '0');
  };
  return {
    codeFor,
    verify(uid, given) {
      const expected = Buffer.from(codeFor(uid));
      const actual = Buffer.from(given.trim());
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
