import { createRedisStore } from '@cloakroom/bff';

/**
 * The size of the sealed data of alice's session in the BFF's Redis at `url` (the bench logs
 * alice in), read through the store's own API; undefined when it cannot be read.
 *
 * @example
 * const bytes = (await sealedSessionBytes(redis.url)) ?? 2_400;
 */
export async function sealedSessionBytes(url: string): Promise<number | undefined> {
  const store = createRedisStore({ url, readCache: false });
  try {
    const [first] = await store.listBySub('alice');
    return first?.record.data.length;
  } catch {
    return undefined;
  } finally {
    await store.close();
  }
}
