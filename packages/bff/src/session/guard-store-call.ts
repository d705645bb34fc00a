import { BffError } from '../errors/bff-error.ts';

/**
 * Runs a call to the session store, turning its failure into `503 session_store_unavailable`:
 * the BFF fails closed, it never treats an unreachable store as "anonymous". A BffError passes
 * through as it is.
 *
 * @example
 * const record = await guardStoreCall(() => store.get(key));
 */
export async function guardStoreCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof BffError) throw cause;
    throw new BffError('session_store_unavailable', { cause });
  }
}
