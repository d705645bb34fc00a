import { describe, expect, it } from 'vitest';
import { createSealer } from '../crypto/sealer.ts';
import { createSessionCodec } from './session-codec.ts';
import { storeKey } from './store-key.ts';
import { createMemoryStore } from './memory-store.ts';
import { createSessionReader } from './session-reader.ts';

const id = 'cookie-session-id-0123456789abcdefghijklmno';
const cookieHeader = (value: string) => `theme=dark; __Host-cloakroom=${value}; other=1`;
const session = {
  sub: 'alice',
  claims: {},
  tokens: { accessToken: 'AT', accessTokenExpiresAt: Date.now() + 60_000 },
  createdAt: Date.now(),
  lastSeenAt: Date.now(),
};

describe('createSessionReader', () => {
  it('reads the session of the cookie’s id and reuses the opened copy while the record is unchanged', async () => {
    const store = createMemoryStore();
    const codec = createSessionCodec(createSealer(['secret-one-0123456789'], 'session'));
    const key = storeKey(id);
    await store.set(key, codec.encode(key, session, Date.now() + 60_000));
    const reader = createSessionReader({ store, codec, cookieName: '__Host-cloakroom' });
    const first = await reader.read(cookieHeader(id));
    const second = await reader.read(cookieHeader(id));
    expect(first?.session.sub).toBe('alice');
    expect(second?.session).toBe(first?.session);
  });

  it('sees a logout at once: a destroyed record is no session, cache or not', async () => {
    const store = createMemoryStore();
    const codec = createSessionCodec(createSealer(['secret-one-0123456789'], 'session'));
    const key = storeKey(id);
    await store.set(key, codec.encode(key, session, Date.now() + 60_000));
    const reader = createSessionReader({ store, codec, cookieName: '__Host-cloakroom' });
    expect(await reader.read(cookieHeader(id))).toBeDefined();
    await store.destroy(key);
    expect(await reader.read(cookieHeader(id))).toBeUndefined();
  });

  it('treats a record sealed with a retired secret as no session and removes it', async () => {
    const store = createMemoryStore();
    const old = createSessionCodec(createSealer(['retired-secret-0123456789'], 'session'));
    const key = storeKey(id);
    await store.set(key, old.encode(key, session, Date.now() + 60_000));
    const codec = createSessionCodec(createSealer(['new-secret-0123456789'], 'session'));
    const reader = createSessionReader({ store, codec, cookieName: '__Host-cloakroom' });
    expect(await reader.read(cookieHeader(id))).toBeUndefined();
    expect(await store.get(key)).toBeUndefined();
  });
});
