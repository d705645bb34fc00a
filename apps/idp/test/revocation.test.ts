import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../src/index.ts';
import { loginForTokens, postForm, refresh, startTestIdp } from './support/oauth-client.ts';

describe('revocation', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(() => idp.close());

  it('revokes a refresh token so it can no longer be used, and counts it', async () => {
    const { tokens } = await loginForTokens(idp, 'alice');
    const before = idp.stats.revocations;
    const response = await postForm(idp, '/token/revocation', {
      token: tokens.refresh_token ?? '',
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expect(idp.stats.revocations).toBe(before + 1);

    const attempt = await refresh(idp, tokens.refresh_token ?? '');
    expect(attempt.status).toBe(400);
    expect(((await attempt.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('answers 200 for an unknown token without counting a revocation (RFC 7009)', async () => {
    const before = idp.stats.revocations;
    const response = await postForm(idp, '/token/revocation', { token: 'not-a-token' });
    expect(response.status).toBe(200);
    expect(idp.stats.revocations).toBe(before);
  });

  it('requires client authentication', async () => {
    const response = await fetch(`${idp.url}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=x',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });
});
