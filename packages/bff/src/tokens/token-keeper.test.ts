import { describe, expect, it } from 'vitest';
import { createSealer } from '../crypto/sealer.ts';
import { BffError } from '../errors/bff-error.ts';
import { createLogger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { createSessionCodec } from '../session/session-codec.ts';
import { createMemoryStore } from '../session/memory-store.ts';
import type { TokenSet } from '../session/session-data.ts';
import { createLocalRefreshCoordinator } from './refresh-coordinator.ts';
import { createTokenKeeper } from './token-keeper.ts';

const key = 'store-key';

/** A keeper over a memory store holding one session whose access token has expired. */
async function setup(refresh: (tokens: TokenSet) => Promise<TokenSet>) {
  let now = 1_000_000;
  const store = createMemoryStore({ now: () => now });
  const codec = createSessionCodec(createSealer(['unit-test-secret-123456'], 'session'));
  const stale: TokenSet = {
    accessToken: 'AT-0',
    refreshToken: 'RT-0',
    accessTokenExpiresAt: now - 1,
  };
  const session = { sub: 'alice', claims: {}, tokens: stale, createdAt: now, lastSeenAt: now };
  await store.set(key, codec.encode(key, session, now + 3_600_000));
  const revoked: string[] = [];
  const oidc = {
    refresh,
    revoke: async (token: string) => void revoked.push(token),
  } as unknown as OidcClient;
  const keeper = createTokenKeeper({
    store,
    codec,
    oidc,
    coordinator: createLocalRefreshCoordinator(),
    refreshSkewMs: 30_000,
    now: () => now,
    logger: createLogger({ level: 'silent' }),
  });
  const storedTokens = async () => {
    const record = await store.get(key);
    return record && (codec.decode(key, record)?.tokens as TokenSet);
  };
  return {
    store,
    codec,
    keeper,
    stale,
    revoked,
    storedTokens,
    tick: (ms: number) => (now += ms),
    now: () => now,
  };
}

const fresh = (n: number, now: number): TokenSet => ({
  accessToken: `AT-${n}`,
  refreshToken: `RT-${n}`,
  accessTokenExpiresAt: now + 300_000,
});

describe('token keeper', () => {
  it('hands out a fresh token without calling the IdP', async () => {
    let calls = 0;
    const { keeper, now } = await setup(async () => {
      calls += 1;
      return fresh(1, 0);
    });
    const result = await keeper.accessToken(key, { tokens: fresh(9, now()) });
    expect(result).toEqual({ ok: true, accessToken: 'AT-9' });
    expect(calls).toBe(0);
  });

  it('refreshes a stale token once for 200 concurrent requests and stores the rotated set', async () => {
    let calls = 0;
    const t = await setup(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return fresh(1, t.now());
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => t.keeper.accessToken(key, { tokens: t.stale })),
    );
    expect(calls).toBe(1);
    expect(results.every((r) => r.ok && r.accessToken === 'AT-1')).toBe(true);
    expect(await t.storedTokens()).toMatchObject({ accessToken: 'AT-1', refreshToken: 'RT-1' });
  });

  it('lets a request that arrives after the refresh (still holding the old token) use the new one', async () => {
    let calls = 0;
    const t = await setup(async () => {
      calls += 1;
      return fresh(calls, t.now());
    });
    await t.keeper.accessToken(key, { tokens: t.stale });
    const late = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(late).toEqual({ ok: true, accessToken: 'AT-1' });
    expect(calls).toBe(1);
  });

  it('ends the session on invalid_grant when no other request holds newer tokens', async () => {
    const t = await setup(async () => {
      throw new BffError('session_expired', 'dead');
    });
    const result = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(result).toMatchObject({
      ok: false,
      sessionEnded: true,
      error: { code: 'session_expired' },
    });
    expect(await t.store.get(key)).toBeUndefined();
  });

  it('uses the winner’s tokens on invalid_grant when another instance rotated them meanwhile', async () => {
    const t = await setup(async () => {
      // Another instance refreshed first and wrote its tokens; ours was the reused one.
      const record = (await t.store.get(key))!;
      const session = t.codec.decode(key, record)!;
      await t.store.replace(
        key,
        t.codec.encode(key, { ...session, tokens: fresh(7, t.now()) }, record.expiresAt),
        record.version,
      );
      throw new BffError('session_expired', 'reused');
    });
    const result = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(result).toEqual({ ok: true, accessToken: 'AT-7' });
    expect(await t.store.get(key)).toBeDefined();
  });

  it('keeps the session and its tokens when the IdP is unreachable', async () => {
    const t = await setup(async () => {
      throw new BffError('idp_unavailable', 'down');
    });
    const result = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(result).toMatchObject({
      ok: false,
      sessionEnded: false,
      error: { code: 'idp_unavailable' },
    });
    expect(await t.storedTokens()).toMatchObject({ accessToken: 'AT-0', refreshToken: 'RT-0' });
  });

  it('never writes a session back to life when it was logged out during the refresh, and revokes the new refresh token', async () => {
    const t = await setup(async () => {
      await t.store.destroy(key); // the user logs out while the IdP answers
      return fresh(1, t.now());
    });
    const result = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(result).toMatchObject({
      ok: false,
      sessionEnded: true,
      error: { code: 'unauthenticated' },
    });
    expect(await t.store.get(key)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.revoked).toEqual(['RT-1']);
  });

  it('keeps the refresh when a touch rewrote the session meanwhile (same tokens, new version)', async () => {
    const t = await setup(async () => {
      // Another request of the same user slides the idle timeout while the IdP answers.
      const record = (await t.store.get(key))!;
      const session = t.codec.decode(key, record)!;
      const touched = t.codec.encode(key, { ...session, lastSeenAt: t.now() }, record.expiresAt);
      expect(await t.store.replace(key, touched, record.version)).toBe(true);
      return fresh(1, t.now());
    });
    const result = await t.keeper.accessToken(key, { tokens: t.stale });
    expect(result).toEqual({ ok: true, accessToken: 'AT-1' });
    expect((await t.storedTokens())?.refreshToken).toBe('RT-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.revoked).toEqual([]);
  });

  it('ends a session that has no refresh token once its access token expires', async () => {
    const t = await setup(async () => fresh(1, 0));
    const record = (await t.store.get(key))!;
    const session = t.codec.decode(key, record)!;
    await t.store.set(
      key,
      t.codec.encode(
        key,
        { ...session, tokens: { ...t.stale, refreshToken: undefined } },
        record.expiresAt,
      ),
    );
    const result = await t.keeper.accessToken(key, {
      tokens: { ...t.stale, refreshToken: undefined },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });

  describe('per-resource tokens', () => {
    const billing = { resource: 'urn:billing', scope: 'billing' };
    /** The stored session, marked as logged in for `resources`. */
    async function grant(t: Awaited<ReturnType<typeof setup>>, resources: string[]) {
      const record = (await t.store.get(key))!;
      const session = t.codec.decode(key, record)!;
      await t.store.set(
        key,
        t.codec.encode(key, { ...session, grantedResources: resources }, record.expiresAt),
      );
    }

    it('gets a resource token by refresh with resource and scope, and keeps the login token as it was', async () => {
      const asked: unknown[] = [];
      const t = await setup(async (_tokens, request?: unknown) => {
        asked.push(request);
        return fresh(1, t.now());
      });
      await grant(t, ['urn:billing']);
      const result = await t.keeper.accessToken(key, { tokens: t.stale }, billing);
      expect(result).toEqual({ ok: true, accessToken: 'AT-1' });
      expect(asked).toEqual([billing]);
      const record = (await t.store.get(key))!;
      const stored = t.codec.decode(key, record) as {
        tokens: TokenSet;
        resourceTokens: Record<string, { accessToken: string }>;
      };
      expect(stored.tokens).toMatchObject({ accessToken: 'AT-0', refreshToken: 'RT-1' });
      expect(stored.resourceTokens['urn:billing billing']).toMatchObject({ accessToken: 'AT-1' });
    });

    it('refreshes one resource at a time: a second resource waits and uses the rotated refresh token', async () => {
      const presented: string[] = [];
      let active = 0;
      let maxActive = 0;
      let n = 0;
      const t = await setup(async (tokens) => {
        presented.push(tokens.refreshToken!);
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        active -= 1;
        n += 1;
        return fresh(n, t.now());
      });
      await grant(t, ['urn:a', 'urn:b']);
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => t.keeper.accessToken(key, { tokens: t.stale })),
        ...Array.from({ length: 5 }, () =>
          t.keeper.accessToken(key, { tokens: t.stale }, { resource: 'urn:a' }),
        ),
        ...Array.from({ length: 5 }, () =>
          t.keeper.accessToken(key, { tokens: t.stale }, { resource: 'urn:b' }),
        ),
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(maxActive).toBe(1);
      // Three grants, each with the refresh token the one before it returned.
      expect(presented).toEqual(['RT-0', 'RT-1', 'RT-2']);
    });

    it('ends the session, without a grant, for a resource its login did not name', async () => {
      let calls = 0;
      const t = await setup(async () => {
        calls += 1;
        return fresh(1, t.now());
      });
      await grant(t, ['urn:other']);
      const result = await t.keeper.accessToken(key, { tokens: t.stale }, billing);
      expect(result).toMatchObject({
        ok: false,
        sessionEnded: true,
        error: { code: 'session_expired' },
      });
      expect(calls).toBe(0);
      expect(await t.store.get(key)).toBeUndefined();
      // Its refresh token is still good at the IdP: revoked with the session.
      expect(t.revoked).toEqual(['RT-0']);
    });
  });

  describe('when the store or the lock fails around a grant', () => {
    it('keeps a grant the store could not take and hands it to the next request instead of presenting the used refresh token again', async () => {
      const presented: string[] = [];
      const t = await setup(async (tokens) => {
        presented.push(tokens.refreshToken!);
        return fresh(presented.length, t.now());
      });
      const replace = t.store.replace.bind(t.store);
      let failures = 1;
      t.store.replace = async (...args) => {
        if (failures-- > 0) throw new Error('Redis timed out');
        return replace(...args);
      };
      const first = await t.keeper.accessToken(key, { tokens: t.stale });
      // The caller is served with the new token although it could not be stored.
      expect(first).toEqual({ ok: true, accessToken: 'AT-1' });
      expect((await t.storedTokens())?.refreshToken).toBe('RT-0');
      const second = await t.keeper.accessToken(key, { tokens: t.stale });
      expect(second).toEqual({ ok: true, accessToken: 'AT-1' });
      expect(presented).toEqual(['RT-0']);
      expect(await t.storedTokens()).toMatchObject({ accessToken: 'AT-1', refreshToken: 'RT-1' });
    });

    it('writes a kept grant first when the next request wants another resource, then refreshes with its refresh token', async () => {
      const presented: string[] = [];
      const t = await setup(async (tokens) => {
        presented.push(tokens.refreshToken!);
        return fresh(presented.length, t.now());
      });
      const record = (await t.store.get(key))!;
      const session = t.codec.decode(key, record)!;
      await t.store.set(
        key,
        t.codec.encode(key, { ...session, grantedResources: ['urn:b'] }, record.expiresAt),
      );
      const replace = t.store.replace.bind(t.store);
      let failures = 1;
      t.store.replace = async (...args) => {
        if (failures-- > 0) throw new Error('Redis timed out');
        return replace(...args);
      };
      expect(await t.keeper.accessToken(key, { tokens: t.stale })).toMatchObject({ ok: true });
      const other = await t.keeper.accessToken(key, { tokens: t.stale }, { resource: 'urn:b' });
      expect(other).toEqual({ ok: true, accessToken: 'AT-2' });
      expect(presented).toEqual(['RT-0', 'RT-1']);
      expect(await t.storedTokens()).toMatchObject({ accessToken: 'AT-1', refreshToken: 'RT-2' });
    });

    it('sends no grant when its lock was lost before it, takes the lock again, and uses the token the new holder got', async () => {
      let grants = 0;
      const t = await setup(async () => {
        grants += 1;
        return fresh(grants, t.now());
      });
      let fenceCalls = 0;
      const keeper = createTokenKeeper({
        store: t.store,
        codec: t.codec,
        oidc: { refresh: async () => fresh(++grants, t.now()) } as unknown as OidcClient,
        coordinator: {
          async run(_key, task) {
            fenceCalls += 1;
            if (fenceCalls === 1) {
              // Lost the lease, and meanwhile another instance refreshed and stored AT-7.
              const record = (await t.store.get(key))!;
              const session = t.codec.decode(key, record)!;
              await t.store.set(
                key,
                t.codec.encode(key, { ...session, tokens: fresh(7, t.now()) }, record.expiresAt),
              );
              return task(async () => false);
            }
            return task(async () => true);
          },
        },
        refreshSkewMs: 30_000,
        now: t.now,
        logger: createLogger({ level: 'silent' }),
      });
      const result = await keeper.accessToken(key, { tokens: t.stale });
      expect(result).toEqual({ ok: true, accessToken: 'AT-7' });
      expect(grants).toBe(0);
    });

    it('answers 503 and keeps the session when the lock is lost twice in a row', async () => {
      let grants = 0;
      const t = await setup(async () => fresh(++grants, t.now()));
      const keeper = createTokenKeeper({
        store: t.store,
        codec: t.codec,
        oidc: { refresh: async () => fresh(++grants, t.now()) } as unknown as OidcClient,
        coordinator: { run: (_key, task) => task(async () => false) },
        refreshSkewMs: 30_000,
        now: t.now,
        logger: createLogger({ level: 'silent' }),
      });
      const result = await keeper.accessToken(key, { tokens: t.stale });
      expect(result).toMatchObject({
        ok: false,
        sessionEnded: false,
        error: { code: 'idp_unavailable' },
      });
      expect(grants).toBe(0);
      expect(await t.store.get(key)).toBeDefined();
    });
  });
});
