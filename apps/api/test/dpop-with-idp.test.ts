// DPoP end to end between the real dev IdP and the sample API, over HTTP: tokens the IdP bound
// to a key are accepted only with a proof by that key, once per proof, and only as DPoP.
import { startIdp, type RunningIdp } from '@cloakroom/idp';
import {
  CLIENT,
  clientCredentials,
  createDpopKey,
  dpopProof,
  loginForTokens,
  refresh,
  type DpopKey,
} from '@cloakroom/idp/testing';
import { decodeJwt } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../src/index.ts';

const BILLING = 'urn:cloakroom:billing';

interface Answer {
  status: number;
  challenge: string | null;
  nonce: string | null;
  body: unknown;
}

/** A request to the API with `Authorization: <scheme> <token>` and an optional DPoP proof. */
async function callApi(
  api: RunningApi,
  path: string,
  init: {
    scheme: 'DPoP' | 'Bearer';
    token: string;
    proof?: string;
    method?: string;
    body?: string;
  },
): Promise<Answer> {
  const headers = new Headers({ authorization: `${init.scheme} ${init.token}` });
  if (init.proof) headers.set('dpop', init.proof);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(`${api.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body ? { body: init.body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    nonce: response.headers.get('dpop-nonce'),
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** The proof a client makes for `method` on `api` + `path` (htu = the URL it calls). */
const proofFor = (
  key: DpopKey,
  api: RunningApi,
  path: string,
  token: string,
  over: { method?: string; nonce?: string } = {},
) =>
  dpopProof(key, {
    htm: over.method ?? 'GET',
    htu: `${api.url}${path}`,
    accessToken: token,
    ...(over.nonce ? { nonce: over.nonce } : {}),
  });

/** Alice's tokens from a login whose code exchange carried a proof by `key`. */
async function boundLogin(idp: RunningIdp, key: DpopKey) {
  const { tokens } = await loginForTokens(idp, 'alice', undefined, undefined, CLIENT, {
    resource: BILLING,
    scope: 'openid profile email offline_access billing',
  });
  // loginForTokens exchanges without a proof; a refresh with one gives the bound token.
  const response = await refresh(idp, tokens.refresh_token ?? '', CLIENT, {}, { key });
  const bound = (await response.json()) as { access_token: string; refresh_token: string };
  return {
    bearer: tokens.access_token,
    dpop: bound.access_token,
    refreshToken: bound.refresh_token,
  };
}

describe('DPoP-bound tokens of the real dev IdP at the sample API', () => {
  let idp: RunningIdp;
  let api: RunningApi;
  let billing: RunningApi;
  let key: DpopKey;
  beforeAll(async () => {
    idp = await startIdp({ clients: [CLIENT], resources: [BILLING] });
    api = await startApi({ issuer: idp.issuer });
    billing = await startApi({ issuer: idp.issuer, audience: BILLING });
    key = await createDpopKey('ES256');
  });
  afterAll(async () => {
    await billing.close();
    await api.close();
    await idp.close();
  });

  it('accepts a bound token with a proof by its key, and refuses the same proof replayed', async () => {
    const { dpop } = await boundLogin(idp, key);
    expect(decodeJwt(dpop).cnf).toEqual({ jkt: key.thumbprint });
    const proof = await proofFor(key, api, '/me', dpop);
    const first = await callApi(api, '/me', { scheme: 'DPoP', token: dpop, proof });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ sub: 'alice', aud: 'api' });

    const replayed = await callApi(api, '/me', { scheme: 'DPoP', token: dpop, proof });
    expect(replayed).toMatchObject({
      status: 401,
      challenge: 'DPoP error="invalid_dpop_proof", algs="ES256 EdDSA Ed25519"',
      body: { error: 'invalid_dpop_proof', message: 'the DPoP proof was used before' },
    });
  });

  it('takes a POST with a proof for POST, and refuses one whose proof names GET', async () => {
    const { dpop } = await boundLogin(idp, key);
    const body = JSON.stringify({ text: 'bound note' });
    const created = await callApi(api, '/notes', {
      scheme: 'DPoP',
      token: dpop,
      method: 'POST',
      body,
      proof: await proofFor(key, api, '/notes', dpop, { method: 'POST' }),
    });
    expect(created.status).toBe(201);
    const wrong = await callApi(api, '/notes', {
      scheme: 'DPoP',
      token: dpop,
      method: 'POST',
      body,
      proof: await proofFor(key, api, '/notes', dpop),
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_dpop_proof' } });
  });

  it('refuses the bound token sent as Bearer, with a Bearer and a DPoP challenge', async () => {
    const { dpop } = await boundLogin(idp, key);
    const answer = await callApi(api, '/me', { scheme: 'Bearer', token: dpop });
    expect(answer).toMatchObject({
      status: 401,
      challenge: 'Bearer error="invalid_token", DPoP algs="ES256 EdDSA Ed25519"',
      body: { error: 'invalid_token' },
    });
  });

  it('refuses the bound token with a proof by another key, and a proof whose ath is of another token', async () => {
    const { dpop, bearer } = await boundLogin(idp, key);
    const stranger = await createDpopKey('EdDSA');
    const otherKey = await callApi(api, '/me', {
      scheme: 'DPoP',
      token: dpop,
      proof: await proofFor(stranger, api, '/me', dpop),
    });
    expect(otherKey).toMatchObject({
      status: 401,
      challenge: 'DPoP error="invalid_token", algs="ES256 EdDSA Ed25519"',
      body: { error: 'invalid_token' },
    });
    const otherAth = await callApi(api, '/me', {
      scheme: 'DPoP',
      token: dpop,
      proof: await proofFor(key, api, '/me', bearer),
    });
    expect(otherAth).toMatchObject({ status: 401, body: { error: 'invalid_dpop_proof' } });
  });

  it('keeps taking the unbound tokens of the same login as Bearer', async () => {
    const { bearer } = await boundLogin(idp, key);
    expect((await callApi(api, '/me', { scheme: 'Bearer', token: bearer })).status).toBe(200);
  });

  it('accepts a bound client-credentials token for another API (its own audience and URL)', async () => {
    const response = await clientCredentials(idp, { resource: BILLING }, CLIENT, { key });
    const { access_token: token, token_type: type } = (await response.json()) as {
      access_token: string;
      token_type: string;
    };
    expect(type).toBe('DPoP');
    const answer = await callApi(billing, '/me', {
      scheme: 'DPoP',
      token,
      proof: await proofFor(key, billing, '/me', token),
    });
    expect(answer).toMatchObject({ status: 200, body: { sub: CLIENT.clientId, aud: BILLING } });
    // A proof made for the other API's URL does not pass here.
    const misdirected = await callApi(billing, '/me', {
      scheme: 'DPoP',
      token,
      proof: await proofFor(key, api, '/me', token),
    });
    expect(misdirected).toMatchObject({ status: 401, body: { error: 'invalid_dpop_proof' } });
  });
  it('opens the echo WebSocket with a bound token and a proof for GET /echo, and not without', async () => {
    const { dpop } = await boundLogin(idp, key);
    const open = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${api.url.replace('http:', 'ws:')}/echo`, { headers });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', reject);
      });
    const proof = await proofFor(key, api, '/echo', dpop);
    expect(await open({ authorization: `DPoP ${dpop}`, dpop: proof })).toBe(101);
    expect(await open({ authorization: `DPoP ${dpop}` })).toBe(401);
    expect(await open({ authorization: `Bearer ${dpop}` })).toBe(401);
  });
});

describe('an API that requires DPoP nonces (API_DPOP_NONCE=true)', () => {
  let idp: RunningIdp;
  let api: RunningApi;
  beforeAll(async () => {
    idp = await startIdp({ clients: [CLIENT] });
    api = await startApi({ issuer: idp.issuer, dpopNonce: true });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  it('challenges a proof without a nonce with 401 use_dpop_nonce and a DPoP-Nonce; retried with it, it works', async () => {
    const key = await createDpopKey('EdDSA');
    const response = await clientCredentials(idp, {}, CLIENT, { key });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const first = await callApi(api, '/me', {
      scheme: 'DPoP',
      token,
      proof: await proofFor(key, api, '/me', token),
    });
    expect(first).toMatchObject({
      status: 401,
      challenge: 'DPoP error="use_dpop_nonce", algs="ES256 EdDSA Ed25519"',
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      body: { error: 'use_dpop_nonce' },
    });
    const retried = await callApi(api, '/me', {
      scheme: 'DPoP',
      token,
      proof: await proofFor(key, api, '/me', token, { nonce: first.nonce ?? '' }),
    });
    expect(retried.status).toBe(200);
  });

  it('still takes unbound Bearer tokens without any nonce', async () => {
    const response = await clientCredentials(idp);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect((await callApi(api, '/me', { scheme: 'Bearer', token })).status).toBe(200);
  });
});
