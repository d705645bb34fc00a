import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../src/index.ts';
import {
  loginForTokens,
  refresh,
  startTestIdp,
  type TokenResponse,
} from './support/oauth-client.ts';

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe('refresh tokens', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 2 });
  });
  afterAll(() => idp.close());

  it('are issued without offline_access being requested', async () => {
    const { tokens } = await loginForTokens(idp, 'alice');
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('rotate on every use and keep yielding JWT access tokens for aud "api"', async () => {
    const { tokens } = await loginForTokens(idp, 'alice');
    const response = await refresh(idp, tokens.refresh_token ?? '');
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as TokenResponse;
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.expires_in).toBe(2);
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const { payload } = await jwtVerify(refreshed.access_token, jwks, {
      issuer: idp.issuer,
      audience: 'api',
      typ: 'at+jwt',
    });
    expect(payload.sub).toBe('alice');
    expect(idp.stats.grants.refresh_token).toBeGreaterThanOrEqual(1);
  });

  it('revoke the whole grant when a used refresh token is presented again', async () => {
    const { tokens } = await loginForTokens(idp, 'bob');
    const first = await refresh(idp, tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    const rotated = ((await first.json()) as TokenResponse).refresh_token ?? '';

    const errorsBefore = idp.stats.grantErrors.invalid_grant ?? 0;
    const reuse = await refresh(idp, tokens.refresh_token ?? '');
    expect(reuse.status).toBe(400);
    expect(await errorOf(reuse)).toBe('invalid_grant');

    // The token the first refresh handed out died with the grant.
    const afterReuse = await refresh(idp, rotated);
    expect(afterReuse.status).toBe(400);
    expect(await errorOf(afterReuse)).toBe('invalid_grant');
    expect(idp.stats.grantErrors.invalid_grant).toBe(errorsBefore + 2);
  });

  it('gives access tokens the configured lifetime', async () => {
    const { tokens } = await loginForTokens(idp, 'alice');
    expect(tokens.expires_in).toBe(2);
    const [, body = ''] = tokens.access_token.split('.');
    const { exp, iat } = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      exp: number;
      iat: number;
    };
    expect(exp - iat).toBe(2);
  });
});
