import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The public handle of a session (`GET /bff/sessions`' `id`, `DELETE /bff/sessions/<id>`): an
 * HMAC of the store key, truncated to 128 bits, under a key derived from each `SESSION_SECRET`
 * with its own purpose label. It is neither the cookie value nor the store key, and neither can
 * be computed from it: a handle seen in a list (or a log) never logs anyone in, and a store dump
 * does not tell which handle names which record without the secret.
 *
 * Several secrets rotate as the sealer's do: the newest makes handles, every one is accepted.
 *
 * @example
 * const handles = createSessionHandles(['newest-secret', 'previous-secret']);
 * const id = handles.of(storeKey); // 22 base64url characters
 * handles.matches(id, storeKey); // true
 */
export function createSessionHandles(secrets: readonly string[]) {
  if (secrets.length === 0) throw new TypeError('createSessionHandles needs at least one secret');
  const keys = secrets.map((secret) =>
    Buffer.from(hkdfSync('sha256', secret, 'cloakroom', 'cloakroom session-handle v1', 32)),
  );
  const handle = (key: Buffer, storeKey: string) =>
    createHmac('sha256', key).update(storeKey).digest().subarray(0, 16);

  return {
    /** The handle of the session at `storeKey`. */
    of(storeKey: string): string {
      return handle(keys[0]!, storeKey).toString('base64url');
    },
    /** Whether `id` is the handle of `storeKey` under any configured secret (constant time). */
    matches(id: string, storeKey: string): boolean {
      if (!isWellFormedHandle(id)) return false;
      const given = Buffer.from(id, 'base64url');
      return keys.some((key) => timingSafeEqual(given, handle(key, storeKey)));
    },
  };
}

export type SessionHandles = ReturnType<typeof createSessionHandles>;

/**
 * Whether `id` has a handle's shape (22 base64url characters, 128 bits): anything else is no
 * session's, without looking.
 *
 * @example
 * isWellFormedHandle('not a handle'); // false
 */
export function isWellFormedHandle(id: string): boolean {
  return /^[A-Za-z0-9_-]{21}[AQgw]$/.test(id);
}
