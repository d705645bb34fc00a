import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from './memory-adapter.ts';

describe('createMemoryAdapter', () => {
  afterEach(() => vi.useRealTimers());

  it('drops every token of a grant on revokeByGrantId, across models', async () => {
    const adapter = createMemoryAdapter();
    const refreshTokens = adapter('RefreshToken');
    const accessTokens = adapter('AccessToken');
    await refreshTokens.upsert('rt1', { grantId: 'g1' }, 60);
    await accessTokens.upsert('at1', { grantId: 'g1' }, 60);
    await accessTokens.upsert('at2', { grantId: 'g2' }, 60);
    await refreshTokens.revokeByGrantId('g1');
    expect(await refreshTokens.find('rt1')).toBeUndefined();
    expect(await accessTokens.find('at1')).toBeUndefined();
    expect(await accessTokens.find('at2')).toEqual({ grantId: 'g2' });
  });

  it('forgets entries once their lifetime has passed', async () => {
    vi.useFakeTimers();
    const sessions = createMemoryAdapter()('Session');
    await sessions.upsert('s1', { uid: 'u1' }, 10);
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1' });
    vi.advanceTimersByTime(10_001);
    expect(await sessions.find('s1')).toBeUndefined();
  });

  it('marks consumed entries and keeps providers apart', async () => {
    const codes = createMemoryAdapter()('AuthorizationCode');
    await codes.upsert('c1', {}, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    expect(await createMemoryAdapter()('AuthorizationCode').find('c1')).toBeUndefined();
  });
});
