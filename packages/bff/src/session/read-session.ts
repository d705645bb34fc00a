import { guardStoreCall } from './guard-store-call.ts';
import type { SessionCodec } from './session-codec.ts';
import type { SessionStore } from './session-store.ts';

/**
 * A session record and what it decrypts to; undefined when there is no record or it does not
 * open (tampered, or sealed with a retired secret). Callers decide what to do with the latter.
 */
export async function readSession(store: SessionStore, codec: SessionCodec, key: string) {
  const record = await guardStoreCall(() => store.get(key));
  if (!record) return undefined;
  return { record, session: codec.decode(key, record) };
}
