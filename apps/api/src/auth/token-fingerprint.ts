import { createHash } from 'node:crypto';

/**
 * The first 12 hex digits of the SHA-256 of a token as received: enough to tell two tokens
 * apart in a demo, useless as a token (a hash prefix cannot be presented, nor reversed).
 *
 * @example
 * ```ts
 * tokenFingerprint('eyJhbGciOi...'); // '3f2a9c01b7de'
 * ```
 */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
