import { randomBytes } from 'node:crypto';

/**
 * A URL-safe random identifier with `bytes * 8` bits of entropy (256 by default): session ids
 * must be unguessable, and koa-session's default (a UUID) has only 122 random bits.
 *
 * @example
 * randomId(); // 'q3Jx…' (43 characters)
 */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
