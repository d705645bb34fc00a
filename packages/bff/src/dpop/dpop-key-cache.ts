import { loadDpopKey, type DpopKey, type StoredDpopKey } from './dpop-key.ts';

/**
 * Sessions' DPoP keys as key objects, by public key: parsing a JWK into a KeyObject costs more
 * than signing with it, so a session's key is parsed once, not per proxied request. Bounded,
 * oldest first.
 *
 * @example
 * const keys = createDpopKeyCache(10_000);
 * const key = keys.load(session.dpopKey);
 */
export function createDpopKeyCache(max: number) {
  const keys = new Map<string, DpopKey>();
  return {
    load(stored: StoredDpopKey): DpopKey {
      const known = keys.get(stored.x);
      if (known) return known;
      const key = loadDpopKey(stored);
      if (keys.size >= max) keys.delete(keys.keys().next().value!);
      keys.set(stored.x, key);
      return key;
    },
  };
}

export type DpopKeyCache = ReturnType<typeof createDpopKeyCache>;
