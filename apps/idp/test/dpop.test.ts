// DPoP (RFC 9449) at the dev IdP, over HTTP: which token requests get bound tokens, the nonce
// challenge, the proofs it refuses, PAR + private_key_jwt + DPoP, and `requireDpop`.
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bffPkjwtClient, PKJWT_CLIENT_ID, startIdp, type RunningIdp } from '../src/index.ts';
import {
  authorizationRequest,
  clientCredentials,
  createDpopKey,
  dpopProof,
  exchangeCode,
  loginAtIdp,
  pushedAuthorizationRequest,
  refresh,
  type DpopKey,
  type DpopOption,
  type LoginAttempt,
  type TokenResponse,
} from '../src/testing/index.ts';
import { discover } from './support/profile-idp.ts';
import { CLIENT, startTestIdp } from './support/oauth-client.ts';

const BILLING = 'urn:cloakroom:billing';

interface TokenAnswer {
  status: number;
  body: TokenResponse & { error?: string; error_description?: string };
  nonce: string | null;
}

const answer = async (response: Response): Promise<TokenAnswer> => ({
  status: response.status,
  body: (await response.json()) as TokenAnswer['body'],
  nonce: response.headers.get('dpop-nonce'),
});

const callbackOf = async (attempt: LoginAttempt) =>
  (await loginAtIdp({ authorizationUrl: attempt.url, login: 'alice', password: 'alice-pw' }))
    .callbackUrl;

/** Logs alice in and exchanges the code, with `dpop` on the token request when given. */
async function codeExchange(idp: RunningIdp, dpop?: DpopOption, params = {}) {
  const attempt = authorizationRequest(idp, params);
  const callbackUrl = await callbackOf(attempt);
  return answer(await exchangeCode(idp, attempt, callbackUrl, CLIENT, 'basic', {}, dpop));
}

describe('DPoP-bound tokens from the dev IdP', () => {
  let idp: RunningIdp;
  let verify: (token: string, audience?: string) => Promise<JWTPayload>;
  beforeAll(async () => {
    idp = await startTestIdp({ resources: [BILLING], accessTokenTtlSeconds: 60 });
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    verify = async (token, audience = 'api') =>
      (await jwtVerify(token, jwks, { issuer: idp.issuer, audience, typ: 'at+jwt' })).payload;
  });
  afterAll(() => idp.close());

  it('advertises ES256, EdDSA and Ed25519 as proof algorithms', async () => {
    const metadata = await discover(idp);
    expect(metadata.dpop_signing_alg_values_supported).toEqual(['ES256', 'EdDSA', 'Ed25519']);
  });

  it.each(['ES256', 'EdDSA'] as const)(
    'a code exchange with a %s proof gives a DPoP token whose cnf.jkt is the key thumbprint',
    async (alg) => {
      const key = await createDpopKey(alg);
      const { status, body } = await codeExchange(idp, { key });
      expect(status).toBe(200);
      expect(body.token_type).toBe('DPoP');
      expect(await verify(body.access_token)).toMatchObject({
        aud: 'api',
        sub: 'alice',
        cnf: { jkt: key.thumbprint },
      });
    },
  );

  it('without a proof, the same login still gets a Bearer token without cnf', async () => {
    const { status, body } = await codeExchange(idp);
    expect(status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect((await verify(body.access_token)).cnf).toBeUndefined();
  });

  it('a refresh with a proof binds the new access token to the proof key, for the API and a listed resource', async () => {
    const key = await createDpopKey('EdDSA');
    const login = await codeExchange(idp, { key }, { resource: BILLING, scope: 'openid billing' });
    const api = await answer(
      await refresh(idp, login.body.refresh_token ?? '', CLIENT, {}, { key }),
    );
    expect(api.status).toBe(200);
    expect(api.body.token_type).toBe('DPoP');
    expect((await verify(api.body.access_token)).cnf).toEqual({ jkt: key.thumbprint });

    const billing = await answer(
      await refresh(idp, api.body.refresh_token ?? '', CLIENT, { resource: BILLING }, { key }),
    );
    expect(billing.status).toBe(200);
    expect(billing.body.token_type).toBe('DPoP');
    expect(await verify(billing.body.access_token, BILLING)).toMatchObject({
      aud: BILLING,
      cnf: { jkt: key.thumbprint },
    });
  });

  it('does not bind a confidential client’s refresh token: another key, or none, may refresh it (RFC 9449 §5)', async () => {
    const first = await createDpopKey('ES256');
    const second = await createDpopKey('ES256');
    const login = await codeExchange(idp, { key: first });

    const other = await answer(
      await refresh(idp, login.body.refresh_token ?? '', CLIENT, {}, { key: second }),
    );
    expect(other.status).toBe(200);
    expect((await verify(other.body.access_token)).cnf).toEqual({ jkt: second.thumbprint });

    const none = await answer(await refresh(idp, other.body.refresh_token ?? ''));
    expect(none.status).toBe(200);
    expect(none.body.token_type).toBe('Bearer');
    expect((await verify(none.body.access_token)).cnf).toBeUndefined();
  });

  it.each([undefined, BILLING])(
    'client_credentials with a proof gives a bound token (resource %s)',
    async (resource) => {
      const key = await createDpopKey('ES256');
      const { status, body } = await answer(
        await clientCredentials(idp, resource ? { resource } : {}, CLIENT, { key }),
      );
      expect(status).toBe(200);
      expect(body.token_type).toBe('DPoP');
      expect(await verify(body.access_token, resource ?? 'api')).toMatchObject({
        sub: CLIENT.clientId,
        cnf: { jkt: key.thumbprint },
      });
    },
  );

  describe('refuses a proof that', () => {
    let key: DpopKey;
    const tokenUrl = () => `${idp.issuer}/token`;
    beforeAll(async () => {
      key = await createDpopKey('ES256');
    });
    const refused = async (proof: string) => {
      const result = await answer(await clientCredentials(idp, {}, CLIENT, { proof }));
      return { status: result.status, error: result.body.error };
    };

    it('names another URL (htu)', async () => {
      const proof = await dpopProof(key, { htm: 'POST', htu: `${idp.issuer}/request` });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('names another method (htm)', async () => {
      const proof = await dpopProof(key, { htm: 'GET', htu: tokenUrl() });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('is signed by another key than its jwk', async () => {
      const other = await createDpopKey('ES256');
      const proof = await dpopProof(other, {
        htm: 'POST',
        htu: tokenUrl(),
        header: { jwk: key.publicJwk },
      });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('is not typed dpop+jwt', async () => {
      const proof = await dpopProof(key, { htm: 'POST', htu: tokenUrl(), header: { typ: 'JWT' } });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('is signed with RS256 (not an accepted algorithm)', async () => {
      const { generateKeyPair, exportJWK } = await import('jose');
      const rsa = await generateKeyPair('RS256');
      const proof = await new SignJWT({ htm: 'POST', htu: tokenUrl() })
        .setProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt', jwk: await exportJWK(rsa.publicKey) })
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .sign(rsa.privateKey);
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('was issued more than 300 seconds ago', async () => {
      const iat = Math.floor(Date.now() / 1000) - 301;
      const proof = await dpopProof(key, { htm: 'POST', htu: tokenUrl(), iat });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('carries a nonce, when this IdP issues none', async () => {
      const proof = await dpopProof(key, { htm: 'POST', htu: tokenUrl(), nonce: 'abc' });
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });

    it('was used before (same jti)', async () => {
      const proof = await dpopProof(key, { htm: 'POST', htu: tokenUrl() });
      expect((await refused(proof)).status).toBe(200);
      expect(await refused(proof)).toEqual({ status: 400, error: 'invalid_grant' });
    });
  });
});

describe('DPoP nonces (dpopNonce, IDP_DPOP_NONCE=true)', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ dpopNonce: true });
  });
  afterAll(() => idp.close());

  it('answers a proof without a nonce with 400 use_dpop_nonce and a DPoP-Nonce header; retried with it, it works', async () => {
    const key = await createDpopKey('EdDSA');
    const first = await answer(await clientCredentials(idp, {}, CLIENT, { key }));
    expect(first.status).toBe(400);
    expect(first.body).toEqual({
      error: 'use_dpop_nonce',
      error_description: 'nonce is required in the DPoP proof',
    });
    expect(first.nonce).toMatch(/^[\w-]{43}$/);

    const retried = await answer(
      await clientCredentials(idp, {}, CLIENT, { key, nonce: first.nonce ?? '' }),
    );
    expect(retried.status).toBe(200);
    expect(retried.body.token_type).toBe('DPoP');
  });

  it('challenges a code exchange too, and the code survives the challenge', async () => {
    const key = await createDpopKey('ES256');
    const attempt = authorizationRequest(idp);
    const callbackUrl = await callbackOf(attempt);
    const first = await answer(
      await exchangeCode(idp, attempt, callbackUrl, CLIENT, 'basic', {}, { key }),
    );
    expect({ status: first.status, error: first.body.error }).toEqual({
      status: 400,
      error: 'use_dpop_nonce',
    });
    const retried = await answer(
      await exchangeCode(
        idp,
        attempt,
        callbackUrl,
        CLIENT,
        'basic',
        {},
        {
          key,
          nonce: first.nonce ?? '',
        },
      ),
    );
    expect(retried.status).toBe(200);
    expect(retried.body.token_type).toBe('DPoP');
  });

  it('refuses a nonce it did not issue, with a fresh one to retry with', async () => {
    const key = await createDpopKey('ES256');
    const forged = await answer(
      await clientCredentials(idp, {}, CLIENT, { key, nonce: 'A'.repeat(43) }),
    );
    expect(forged.status).toBe(400);
    expect(forged.body.error).toBe('use_dpop_nonce');
    expect(forged.nonce).toMatch(/^[\w-]{43}$/);
  });

  it('a token request without any proof is not challenged (DPoP stays optional)', async () => {
    const plain = await answer(await clientCredentials(idp));
    expect(plain.status).toBe(200);
    expect(plain.body.token_type).toBe('Bearer');
  });
});

describe('requireDpop (FAPI 2.0-style)', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ behaviour: { requireDpop: true } });
  });
  afterAll(() => idp.close());

  it('refuses a code exchange without a proof, and the code still works with one', async () => {
    const key = await createDpopKey('ES256');
    const attempt = authorizationRequest(idp);
    const callbackUrl = await callbackOf(attempt);
    const bare = await answer(await exchangeCode(idp, attempt, callbackUrl));
    expect({ status: bare.status, body: bare.body }).toEqual({
      status: 400,
      body: { error: 'invalid_dpop_proof', error_description: 'DPoP proof is missing' },
    });
    expect(idp.stats.grantErrors.invalid_dpop_proof).toBe(1);
    const proved = await answer(
      await exchangeCode(idp, attempt, callbackUrl, CLIENT, 'basic', {}, { key }),
    );
    expect(proved.status).toBe(200);
    expect(proved.body.token_type).toBe('DPoP');
  });

  it('refuses a refresh and client_credentials without a proof', async () => {
    const key = await createDpopKey('EdDSA');
    const login = await codeExchange(idp, { key });
    expect(login.status).toBe(200);
    const bareRefresh = await answer(await refresh(idp, login.body.refresh_token ?? ''));
    expect({ status: bareRefresh.status, error: bareRefresh.body.error }).toEqual({
      status: 400,
      error: 'invalid_dpop_proof',
    });
    const bareClient = await answer(await clientCredentials(idp));
    expect({ status: bareClient.status, error: bareClient.body.error }).toEqual({
      status: 400,
      error: 'invalid_dpop_proof',
    });
    // The refresh token was not spent by the refused request.
    const proved = await answer(
      await refresh(idp, login.body.refresh_token ?? '', CLIENT, {}, { key }),
    );
    expect(proved.status).toBe(200);
  });
});

describe('PAR + private_key_jwt + DPoP (the FAPI 2.0 combination)', () => {
  let idp: RunningIdp;
  let clientKey: DpopKey;
  const client = () =>
    bffPkjwtClient('http://localhost:3999', { jwks: { keys: [clientKey.publicJwk] } });
  beforeAll(async () => {
    clientKey = await createDpopKey('ES256');
    idp = await startIdp({
      clients: [client()],
      behaviour: { requireDpop: true },
    });
  });
  afterAll(() => idp.close());

  const clientAssertion = async () => ({
    client_id: PKJWT_CLIENT_ID,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(PKJWT_CLIENT_ID)
      .setSubject(PKJWT_CLIENT_ID)
      .setAudience(idp.issuer)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(clientKey.privateKey),
  });

  it('a pushed request with a proof binds the code to that key: the same key gets a bound token, another is refused', async () => {
    const key = await createDpopKey('EdDSA');
    const push = async () =>
      pushedAuthorizationRequest(idp, {}, client(), {
        auth: { method: 'none', params: await clientAssertion() },
        dpop: { key },
      });

    const attempt = await push();
    const callbackUrl = await callbackOf(attempt);
    const exchange = async (dpopKey: DpopKey) =>
      answer(
        await exchangeCode(idp, attempt, callbackUrl, client(), 'none', await clientAssertion(), {
          key: dpopKey,
        }),
      );
    const stranger = await exchange(await createDpopKey('EdDSA'));
    expect({ status: stranger.status, error: stranger.body.error }).toEqual({
      status: 400,
      error: 'invalid_grant',
    });

    const second = await push();
    const secondCallback = await callbackOf(second);
    const owner = await answer(
      await exchangeCode(idp, second, secondCallback, client(), 'none', await clientAssertion(), {
        key,
      }),
    );
    expect(owner.status).toBe(200);
    expect(owner.body.token_type).toBe('DPoP');
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const { payload } = await jwtVerify(owner.body.access_token, jwks, { issuer: idp.issuer });
    expect(payload).toMatchObject({ client_id: PKJWT_CLIENT_ID, cnf: { jkt: key.thumbprint } });
  });
});
