import { startIdp, type RunningIdp } from '@cloakroom/idp';
import { CLIENT, loginForTokens } from '@cloakroom/idp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';

/** Logs in at the dev IdP as `login` and exchanges the code: the tokens a BFF would hold. */
const tokensFor = async (idp: RunningIdp, login: string) =>
  (await loginForTokens(idp, login)).tokens;

describe('with the real dev IdP', () => {
  let idp: RunningIdp;
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    idp = await startIdp({ clients: [CLIENT] });
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
