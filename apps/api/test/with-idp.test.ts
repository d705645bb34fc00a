import { startIdp, type RunningIdp } from '@cloakroom/idp';
import { clientCredentials, CLIENT, loginForTokens, refresh } from '@cloakroom/idp/testing';
import type { ApiIdentity } from '@cloakroom/contract';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';

/** Logs in at the dev IdP as `login` and exchanges the code: the tokens a BFF would hold. */
const tokensFor = async (idp: RunningIdp, login: string) =>
  (await loginForTokens(idp, login)).tokens;

const BILLING = 'urn:cloakroom:billing';

describe('with the real dev IdP', () => {
  let idp: RunningIdp;
  let api: Awaited<ReturnType<typeof startApi>>;
  /** A second instance standing for another API (API_AUDIENCE=urn:cloakroom:billing). */
  let billing: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    idp = await startIdp({ clients: [CLIENT], resources: [BILLING] });
    api = await startApi({ issuer: idp.issuer });
    billing = await startApi({ issuer: idp.issuer, audience: BILLING });
  });
  afterAll(async () => {
    await billing.close();
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

  it('answers /me on each API with its own audience and a fingerprint of the token it got', async () => {
    const { tokens } = await loginForTokens(idp, 'alice', undefined, undefined, CLIENT, {
      resource: BILLING,
      scope: 'openid profile email offline_access billing',
    });
    const response = await refresh(idp, tokens.refresh_token ?? '', CLIENT, { resource: BILLING });
    const billingToken = ((await response.json()) as { access_token: string }).access_token;

    const onApi = await call(api.url, '/me', { token: tokens.access_token });
    const onBilling = await call(billing.url, '/me', { token: billingToken });
    expect(onApi.status).toBe(200);
    expect(onBilling.status).toBe(200);
    const apiMe = onApi.body as ApiIdentity;
    const billingMe = onBilling.body as ApiIdentity;
    expect(apiMe).toMatchObject({ sub: 'alice', aud: 'api', clientId: 'cloakroom-bff' });
    expect(billingMe).toMatchObject({ sub: 'alice', aud: BILLING, clientId: 'cloakroom-bff' });
    expect(billingMe.scope.split(' ')).toContain('billing');
    expect(billingMe.tokenFingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(billingMe.tokenFingerprint).not.toBe(apiMe.tokenFingerprint);
    expect(billingMe.tokenExpiresAt).toBe(decodeJwt(billingToken).exp);
  });

  it('answers /me for a client-credentials token with sub = clientId = the client', async () => {
    const response = await clientCredentials(idp, { resource: BILLING, scope: 'billing' });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const me = await call(billing.url, '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      sub: 'cloakroom-bff',
      clientId: 'cloakroom-bff',
      aud: BILLING,
      scope: 'billing',
    });
  });

  it("refuses a token for the other API's audience with 401 invalid_token", async () => {
    const { tokens } = await loginForTokens(idp, 'alice', undefined, undefined, CLIENT, {
      resource: BILLING,
    });
    const response = await refresh(idp, tokens.refresh_token ?? '', CLIENT, { resource: BILLING });
    const billingToken = ((await response.json()) as { access_token: string }).access_token;
    for (const [url, token] of [
      [api.url, billingToken],
      [billing.url, tokens.access_token],
    ] as const) {
      const answer = await call(url, '/me', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(answer.body).toMatchObject({
        error: 'invalid_token',
        message: expect.stringMatching(/"aud"/),
      });
    }
  });

  it('refuses its id_token as an access token (wrong typ and aud)', async () => {
    const { id_token: idToken } = await tokensFor(idp, 'alice');
    const answer = await call(api.url, '/me', { token: idToken });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
