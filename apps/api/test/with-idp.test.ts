import { bffClient, startIdp, type RunningIdp } from '@cloakroom/idp';
import { loginAtIdp } from '@cloakroom/idp/testing';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';

const client = bffClient('http://localhost:3999');

async function tokensFor(
  idp: RunningIdp,
  login: string,
): Promise<{ access_token: string; id_token: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL('/auth', idp.issuer);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0] ?? '',
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { callbackUrl } = await loginAtIdp({
    authorizationUrl: url,
    login,
    password: `${login}-pw`,
  });
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callbackUrl.searchParams.get('code') ?? '',
      redirect_uri: client.redirectUris[0] ?? '',
      code_verifier: verifier,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  return (await response.json()) as { access_token: string; id_token: string };
}

describe('with the real dev IdP', () => {
  let idp: RunningIdp;
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    idp = await startIdp({ clients: [client] });
    api = await startApi({ issuer: idp.issuer });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  it("accepts its access tokens and keeps alice's and bob's notes apart", async () => {
    const alice = (await tokensFor(idp, 'alice')).access_token;
    const bob = (await tokensFor(idp, 'bob')).access_token;
    const me = await call(api.url, '/me', { token: alice });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ sub: 'alice', scope: expect.stringContaining('openid') });

    const created = await call(api.url, '/notes', {
      token: alice,
      method: 'POST',
      body: JSON.stringify({ text: 'from the real IdP' }),
    });
    expect(created.status).toBe(201);
    expect((await call(api.url, '/notes', { token: bob })).body).toEqual([]);
  });

  it('refuses its id_token as an access token (wrong typ and aud)', async () => {
    const { id_token: idToken } = await tokensFor(idp, 'alice');
    const answer = await call(api.url, '/me', { token: idToken });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
