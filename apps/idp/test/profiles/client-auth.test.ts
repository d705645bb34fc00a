import { createServer } from 'node:http';
import { listen } from '@cloakroom/http-server';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bffPkjwtClient,
  PKJWT_CLIENT_ID,
  startIdp,
  type IdpClient,
  type RunningIdp,
} from '../../src/index.ts';
import {
  authorizationRequest,
  CLIENT,
  exchangeCode,
  loginAtIdp,
  postForm,
  pushedAuthorizationRequest,
  type LoginAttempt,
} from '../../src/testing/index.ts';
import { errorOf, startProfileIdp, useProfileIdps } from '../support/profile-idp.ts';

const login = async (attempt: LoginAttempt) =>
  (await loginAtIdp({ authorizationUrl: attempt.url, login: 'alice', password: 'alice-pw' }))
    .callbackUrl;

describe('client authentication and authorization requests by behaviour', () => {
  const start = useProfileIdps();

  describe('basicCredentials', () => {
    it('raw: form-encoded Basic credentials (cloakroom%2Dbff) get 401 unauthorized_client', async () => {
      const running = await start('default', { basicCredentials: 'raw' });
      const attempt = authorizationRequest(running);
      const response = await exchangeCode(running, attempt, await login(attempt), CLIENT, 'basic');
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toBe('unauthorized_client');
    });

    it('raw: client_secret_post and unencoded Basic credentials keep working', async () => {
      const running = await start('default', { basicCredentials: 'raw' });
      for (const auth of ['post', 'basic-unencoded'] as const) {
        const attempt = authorizationRequest(running);
        const response = await exchangeCode(running, attempt, await login(attempt), CLIENT, auth);
        expect(response.status).toBe(200);
      }
    });

    it('decoded (default): form-encoded Basic credentials work', async () => {
      const running = await start('default');
      const attempt = authorizationRequest(running);
      expect((await exchangeCode(running, attempt, await login(attempt))).status).toBe(200);
    });
  });

  describe('pkce', () => {
    it('true (default): an authorization request without code_challenge is refused', async () => {
      const running = await start('default');
      const attempt = authorizationRequest(running, {
        code_challenge: undefined,
        code_challenge_method: undefined,
      });
      const response = await fetch(attempt.url, { redirect: 'manual' });
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
    });

    it('false (no-pkce): a code flow without PKCE works', async () => {
      const running = await start('no-pkce');
      const bare = authorizationRequest(running, {
        code_challenge: undefined,
        code_challenge_method: undefined,
      });
      const code = (await login(bare)).searchParams.get('code') ?? '';
      const response = await fetch(new URL('/token', running.issuer), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: CLIENT.redirectUris[0] ?? '',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
        }),
      });
      expect(response.status).toBe(200);
    });
  });

  describe('par', () => {
    it('true (default): a pushed authorization request logs in', async () => {
      const running = await start('default');
      const attempt = await pushedAuthorizationRequest(running);
      expect(attempt.url.searchParams.get('request_uri')).toMatch(
        /^urn:ietf:params:oauth:request_uri:/,
      );
      const callbackUrl = await login(attempt);
      expect(callbackUrl.searchParams.get('state')).toBe(attempt.state);
      expect((await exchangeCode(running, attempt, callbackUrl)).status).toBe(200);
    });

    it('false (auth0): no PAR endpoint', async () => {
      const running = await start('auth0');
      await expect(pushedAuthorizationRequest(running)).rejects.toThrow(/404/);
    });
  });
});

describe('private_key_jwt client cloakroom-bff-pkjwt', () => {
  let keys: { privateKey: CryptoKey; publicJwk: JWK };
  let jwksServer: { url: string; close(): Promise<void> };
  let served: string[];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    keys = {
      privateKey: pair.privateKey,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid: 'bff-1', alg: 'ES256' },
    };
    served = [];
    // The BFF's /bff/jwks, on loopback: the IdP must reach it through its fetch option.
    const server = createServer((req, res) => {
      served.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [keys.publicJwk] }));
    });
    const listening = await listen(server, { port: 0, host: '127.0.0.1' });
    jwksServer = { url: `http://localhost:${listening.port}`, close: listening.close };
  });
  afterAll(() => jwksServer.close());

  const assertion = async (audience: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'bff-1' })
      .setIssuer(PKJWT_CLIENT_ID)
      .setSubject(PKJWT_CLIENT_ID)
      .setAudience(audience)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(keys.privateKey);

  async function codeFlow(idp: RunningIdp, client: IdpClient) {
    const attempt = authorizationRequest(idp, {}, client);
    const callbackUrl = await login(attempt);
    // The audience is the token endpoint the assertion is sent to (exchangeCode's).
    return exchangeCode(idp, attempt, callbackUrl, client, 'none', {
      client_id: PKJWT_CLIENT_ID,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(new URL('/token', idp.issuer).href),
    });
  }

  it.each(['default', 'okta', 'entra'] as const)(
    'authenticates with a key read from the BFF’s jwks_uri on loopback (%s)',
    async (profile) => {
      const client = bffPkjwtClient(jwksServer.url);
      const idp = await startProfileIdp(profile, {}, [CLIENT, client]);
      try {
        const response = await codeFlow(idp, client);
        expect(response.status).toBe(200);
        expect(served).toContain('/bff/jwks');
      } finally {
        await idp.close();
      }
    },
  );

  it('may use client credentials for a listed resource: a JWT whose sub is the client', async () => {
    const client = bffPkjwtClient('http://localhost:3999', { jwks: { keys: [keys.publicJwk] } });
    const idp = await startIdp({ clients: [client], resources: ['urn:cloakroom:billing'] });
    try {
      const response = await postForm(
        idp,
        '/token',
        {
          grant_type: 'client_credentials',
          resource: 'urn:cloakroom:billing',
          scope: 'billing',
          client_id: PKJWT_CLIENT_ID,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(new URL('/token', idp.issuer).href),
        },
        client,
        'none',
      );
      expect(response.status).toBe(200);
      const { access_token: token } = (await response.json()) as { access_token: string };
      expect(decodeJwt(token)).toMatchObject({
        aud: 'urn:cloakroom:billing',
        sub: PKJWT_CLIENT_ID,
        client_id: PKJWT_CLIENT_ID,
        scope: 'billing',
      });
      expect(idp.stats.grants.client_credentials).toBe(1);
    } finally {
      await idp.close();
    }
  });

  it('authenticates with keys given inline (IDP_PKJWT_JWKS_FILE), and refuses another key', async () => {
    const client = bffPkjwtClient('http://localhost:3999', { jwks: { keys: [keys.publicJwk] } });
    const idp = await startProfileIdp('default', {}, [client]);
    try {
      expect((await codeFlow(idp, client)).status).toBe(200);
      const other = await generateKeyPair('ES256');
      const attempt = authorizationRequest(idp, {}, client);
      const callbackUrl = await login(attempt);
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'bff-1' })
        .setIssuer(PKJWT_CLIENT_ID)
        .setSubject(PKJWT_CLIENT_ID)
        .setAudience(`${idp.issuer}/token`)
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(other.privateKey);
      const response = await exchangeCode(idp, attempt, callbackUrl, client, 'none', {
        client_id: PKJWT_CLIENT_ID,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: forged,
      });
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toBe('invalid_client');
    } finally {
      await idp.close();
    }
  });
});
