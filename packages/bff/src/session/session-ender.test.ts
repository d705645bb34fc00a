import { describe, expect, it } from 'vitest';
import { createSealer } from '../crypto/sealer.ts';
import { createLogger } from '../observability/logger.ts';
import { createMemoryStore } from './memory-store.ts';
import { createSessionCodec } from './session-codec.ts';
import { createSessionEnder } from './session-ender.ts';

const codec = createSessionCodec(createSealer(['unit-test-secret-0123456789'], 'session'));
const logger = createLogger({ level: 'silent' });

async function storeWith(refreshToken: string) {
  const store = createMemoryStore();
  const session = { sub: 'alice', tokens: { accessToken: 'AT', refreshToken } };
  await store.set('k', codec.encode('k', session, Date.now() + 60_000));
  return store;
}

describe('createSessionEnder', () => {
  it('destroys the session without waiting for the IdP, and revokes its refresh token', async () => {
    const store = await storeWith('RT-stored');
    const revoked: string[] = [];
    let release = () => {};
    const ender = createSessionEnder({
      store,
      codec,
      logger,
      revoke: (token) => {
        revoked.push(token);
        // An IdP that takes its time: end() must not wait for it.
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await ender.end('k', 'logout', { refreshToken: 'RT-read-earlier' });
    expect(await store.get('k')).toBeUndefined();
    expect(revoked).toEqual(['RT-stored']);
    let drained = false;
    const draining = ender.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    release();
    await draining;
  });

  it('revokes the token the caller knew when the record is already gone', async () => {
    const revoked: string[] = [];
    const ender = createSessionEnder({
      store: createMemoryStore(),
      codec,
      logger,
      revoke: async (token) => void revoked.push(token),
    });
    await ender.end('gone', 'logout', { refreshToken: 'RT-known' });
    await ender.drain();
    expect(revoked).toEqual(['RT-known']);
  });

  it('never fails the session end when the revocation fails', async () => {
    const store = await storeWith('RT');
    const ender = createSessionEnder({
      store,
      codec,
      logger,
      revoke: async () => {
        throw Object.assign(new Error('idp down'), { code: 'idp_unavailable' });
      },
    });
    await expect(ender.end('k', 'expired')).resolves.toBeUndefined();
    await ender.drain();
    expect(await store.get('k')).toBeUndefined();
  });

  it('tells every session-ended listener the store key once the record is gone, until stopped', async () => {
    const store = await storeWith('RT');
    const ender = createSessionEnder({ store, codec, logger, revoke: async () => {} });
    const seen: Array<[string, Promise<unknown>]> = [];
    const stop = ender.onSessionEnded((key) => {
      // Called after the destroy: the record must already be gone when the listener runs.
      seen.push([key, store.get(key)]);
    });
    ender.onSessionEnded(() => {
      throw new Error('a broken listener');
    });
    await ender.end('k', 'expired');
    expect(seen.map(([key]) => key)).toEqual(['k']);
    expect(await seen[0]![1]).toBeUndefined();
    stop();
    await ender.end('k', 'expired');
    expect(seen).toHaveLength(1);
  });
});
