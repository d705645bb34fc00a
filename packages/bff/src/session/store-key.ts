import { createHash } from 'node:crypto';

/** Hash of a session id, used as the store key: a store dump cannot be replayed as a cookie. */
export function storeKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}
