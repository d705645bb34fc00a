import { describe, expect, it } from 'vitest';
import { createSealer } from '../crypto/sealer.ts';
import { createLogger } from '../observability/logger.ts';
import { clientTokenSubject } from '../tokens/client-token-keeper.ts';
import { createMemoryStore } from './memory-store.ts';
import { createSessionCodec } from './session-codec.ts';
import { createSessionEnder } from './session-ender.ts';
import { createSessionHandles } from './session-handle.ts';
import { createUserSessions } from './user-sessions.ts';

const secret = 'unit-test-secret-0123456789';
const codec = createSessionCodec(createSealer([secret], 'session'));
const minutes = (n: number) => n * 60_000;

function setup() {
  const t = 10_000_000_000;
  const store = createMemoryStore({ now: () => t });
  const revoked: string[] = [];
  const ender = createSessionEnder({
    store,
    codec,
    logger: createLogger({ level: 'silent' }),
    revoke: async (token) => void revoked.push(token),
  });
  const sessions = createUserSessions({
    store,
    codec,
    ender,
    handles: createSessionHandles([secret]),
    // Idle after 30 minutes, on the same clock.
    hasEnded: (session) => session.lastSeenAt + minutes(30) <= t,
  });
  const add = (key: string, over: Record<string, unknown> = {}) =>
    store.set(
      key,
      codec.encode(
        key,
        {
          sub: 'alice',
          tokens: { accessToken: 'AT', refreshToken: `RT-${key}` },
          createdAt: t - minutes(5),
          lastSeenAt: t - minutes(1),
          userAgent: `agent ${key}`,
          ...over,
        },
        t + minutes(60),
      ),
    );
  return { store, sessions, add, revoked, t };
}

describe('createUserSessions', () => {
  it('lists a user’s live sessions newest first, in unix seconds, with handles not keys', async () => {
    const { sessions, add, t } = setup();
    await add('older', { createdAt: t - minutes(20) });
    await add('newer', { createdAt: t - minutes(2) });
    await add('bobs', { sub: 'bob' });
    const listed = await sessions.list('alice');
    expect(listed.map((s) => s.userAgent)).toEqual(['agent newer', 'agent older']);
    expect(listed[0]).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      createdAt: Math.floor((t - minutes(2)) / 1000),
      lastSeenAt: Math.floor((t - minutes(1)) / 1000),
      userAgent: 'agent newer',
    });
    expect(JSON.stringify(listed)).not.toMatch(/"(older|newer)"/);
  });

  it('leaves out sessions that are idle past their lifetime or do not open, and the client tokens', async () => {
    const { store, sessions, add, t } = setup();
    await add('idle', { lastSeenAt: t - minutes(31) });
    await add('live');
    await store.set('tampered', { data: 'v1.x.y.z.w', sub: 'alice', expiresAt: t + minutes(60) });
    await add('client', { sub: clientTokenSubject });
    expect((await sessions.list('alice')).map((s) => s.userAgent)).toEqual(['agent live']);
    expect(await sessions.list(clientTokenSubject)).toEqual([]);
    expect(await sessions.endAll(clientTokenSubject)).toBe(0);
    expect(await store.get('client')).toBeDefined();
  });

  it('ends one session by its handle only for its own user, revoking its refresh token', async () => {
    const { store, sessions, add, revoked } = setup();
    await add('mine');
    await add('theirs', { sub: 'bob' });
    const [bobs] = await sessions.list('bob');
    expect(await sessions.end('alice', bobs!.id)).toEqual({ ended: false });
    expect(await store.get('theirs')).toBeDefined();
    const [mine] = await sessions.list('alice');
    expect(await sessions.end('alice', mine!.id)).toEqual({ ended: true, storeKey: 'mine' });
    expect(await store.get('mine')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(revoked).toEqual(['RT-mine']);
  });

  it('ends every session of a user, idle ones included, and no one else’s', async () => {
    const { store, sessions, add, revoked, t } = setup();
    await add('a1');
    await add('a2', { lastSeenAt: t - minutes(31) });
    await add('b1', { sub: 'bob' });
    expect(await sessions.endAll('alice')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(revoked.toSorted()).toEqual(['RT-a1', 'RT-a2']);
    expect(await store.get('b1')).toBeDefined();
  });
});
