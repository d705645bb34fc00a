import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_TENANT_ID, type IdpBehaviour, type RunningIdp } from '../../src/index.ts';
import {
  authorizationRequest,
  exchangeCode,
  loginAtIdp,
  loginForTokens,
  pushedAuthorizationRequest,
  refresh,
  type TokenResponse,
} from '../../src/testing/index.ts';
import { discover, errorOf, useProfileIdps } from '../support/profile-idp.ts';

const isJwt = (token: string) => token.split('.').length === 3;
const jwksOf = (idp: RunningIdp) => createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));

describe('tokens by behaviour', () => {
  const start = useProfileIdps();

  describe('access tokens', () => {
    it('jwt (default): an RFC 9068 JWT for the API, also after a refresh', async () => {
      const running = await start('default');
      const { tokens } = await loginForTokens(running);
      const { payload } = await jwtVerify(tokens.access_token, jwksOf(running), {
        issuer: running.issuer,
        audience: 'api',
        typ: 'at+jwt',
      });
      expect(payload.sub).toBe('alice');
      const refreshed = (await (
        await refresh(running, tokens.refresh_token ?? '')
      ).json()) as TokenResponse;
      expect(decodeJwt(refreshed.access_token).aud).toBe('api');
    });

    it('opaque (google): not a JWT, and refreshing keeps it opaque', async () => {
      const running = await start('google');
      const { tokens } = await loginForTokens(running, 'alice', 'alice-pw', undefined, undefined, {
        scope: 'openid profile email',
        access_type: 'offline',
        prompt: 'consent',
      });
      expect(isJwt(tokens.access_token)).toBe(false);
      const refreshed = (await (
        await refresh(running, tokens.refresh_token ?? '')
      ).json()) as TokenResponse;
      expect(isJwt(refreshed.access_token)).toBe(false);
    });

    it('jwt-with-audience (auth0): a JWT for the API only with audience=<API>, else opaque', async () => {
      const running = await start('auth0');
      const withAudience = await loginForTokens(
        running,
        'alice',
        'alice-pw',
        undefined,
        undefined,
        {
          audience: 'api',
        },
      );
      expect(decodeJwt(withAudience.tokens.access_token).aud).toBe('api');
      const refreshed = (await (
        await refresh(running, withAudience.tokens.refresh_token ?? '')
      ).json()) as TokenResponse;
      expect(decodeJwt(refreshed.access_token).aud).toBe('api');

      const without = await loginForTokens(running, 'bob');
      expect(isJwt(without.tokens.access_token)).toBe(false);
      const refreshedWithout = (await (
        await refresh(running, without.tokens.refresh_token ?? '')
      ).json()) as TokenResponse;
      expect(isJwt(refreshedWithout.access_token)).toBe(false);
    });

    it('jwt-with-audience (auth0): an unknown audience is access_denied', async () => {
      const running = await start('auth0');
      const attempt = authorizationRequest(running, { audience: 'https://elsewhere.example' });
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: attempt.url,
        login: 'alice',
        password: 'alice-pw',
      });
      expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    });
  });

  describe('refresh tokens', () => {
    const withoutOffline = { scope: 'openid profile email' };

    it('always (default): issued without offline_access', async () => {
      const running = await start('default');
      const { tokens } = await loginForTokens(
        running,
        'alice',
        'alice-pw',
        undefined,
        undefined,
        withoutOffline,
      );
      expect(tokens.refresh_token).toEqual(expect.any(String));
    });

    it('offline_access (okta): issued only when offline_access is asked for', async () => {
      const running = await start('okta');
      expect((await loginForTokens(running)).tokens.refresh_token).toEqual(expect.any(String));
      const { tokens } = await loginForTokens(
        running,
        'bob',
        'bob-pw',
        undefined,
        undefined,
        withoutOffline,
      );
      expect(tokens.refresh_token).toBeUndefined();
    });

    it('offline_access (okta): also for a pushed (PAR) authorization request', async () => {
      const running = await start('okta');
      const attempt = await pushedAuthorizationRequest(running);
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: attempt.url,
        login: 'alice',
        password: 'alice-pw',
      });
      const tokens = (await (
        await exchangeCode(running, attempt, callbackUrl)
      ).json()) as TokenResponse;
      expect(tokens.refresh_token).toEqual(expect.any(String));
    });

    it('google-offline: issued only for access_type=offline together with prompt=consent', async () => {
      const running = await start('google');
      const login = (params: Record<string, string>) =>
        loginForTokens(running, 'alice', 'alice-pw', undefined, undefined, {
          ...withoutOffline,
          ...params,
        });
      expect(
        (await login({ access_type: 'offline', prompt: 'consent' })).tokens.refresh_token,
      ).toEqual(expect.any(String));
      expect((await login({ access_type: 'offline' })).tokens.refresh_token).toBeUndefined();
      expect((await login({ prompt: 'consent' })).tokens.refresh_token).toBeUndefined();
      expect((await login({})).tokens.refresh_token).toBeUndefined();
    });

    it('never: no refresh token, whatever is asked for', async () => {
      const running = await start('default', { refreshTokens: 'never' });
      expect((await loginForTokens(running)).tokens.refresh_token).toBeUndefined();
    });

    it('rotate false (keycloak): the same refresh token keeps working after a refresh', async () => {
      const running = await start('keycloak');
      const { tokens } = await loginForTokens(running);
      const first = await refresh(running, tokens.refresh_token ?? '');
      expect(first.status).toBe(200);
      const again = await refresh(running, tokens.refresh_token ?? '');
      expect(again.status).toBe(200);
      expect(((await again.json()) as TokenResponse).refresh_token).toBe(tokens.refresh_token);
    });

    it('rotate true (default): a used refresh token is refused', async () => {
      const running = await start('default');
      const { tokens } = await loginForTokens(running);
      expect((await refresh(running, tokens.refresh_token ?? '')).status).toBe(200);
      const reuse = await refresh(running, tokens.refresh_token ?? '');
      expect(reuse.status).toBe(400);
      expect(await errorOf(reuse)).toBe('invalid_grant');
    });
  });

  describe('ID tokens', () => {
    it.each<IdpBehaviour['idTokenAlg']>(['RS256', 'PS256', 'ES256', 'EdDSA'])(
      'idTokenAlg %s: signed with it, verifiable with the published JWKS',
      async (alg) => {
        const running = await start('default', { idTokenAlg: alg });
        const { tokens } = await loginForTokens(running);
        expect(decodeProtectedHeader(tokens.id_token ?? '').alg).toBe(alg);
        const { payload } = await jwtVerify(tokens.id_token ?? '', jwksOf(running), {
          issuer: running.issuer,
          audience: 'cloakroom-bff',
          algorithms: [alg],
        });
        expect(payload.sub).toBe('alice');
        // The API's access tokens stay RS256, whatever the ID token uses.
        expect(decodeProtectedHeader(tokens.access_token).alg).toBe('RS256');
      },
    );

    it('thinIdToken (okta): only sub in the ID token; profile and email at userinfo', async () => {
      const running = await start('okta');
      const { tokens } = await loginForTokens(running);
      const idToken = decodeJwt(tokens.id_token ?? '');
      expect(idToken.sub).toBe('alice');
      expect(idToken).not.toHaveProperty('name');
      expect(idToken).not.toHaveProperty('email');
      const { userinfo_endpoint: userinfo } = await discover(running);
      const response = await fetch(String(userinfo), {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        sub: 'alice',
        name: 'Alice Liddell',
        given_name: 'Alice',
        family_name: 'Liddell',
        preferred_username: 'alice',
        email: 'alice@example.com',
        email_verified: true,
      });
    });

    it('userinfo refuses a JWT access token that is not this IdP’s', async () => {
      const running = await start('okta');
      const { tokens } = await loginForTokens(running);
      const [header, payload] = tokens.access_token.split('.');
      const response = await fetch(new URL('/me', running.issuer), {
        headers: { authorization: `Bearer ${header}.${payload}.AAAA` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
    });
  });

  describe('authorization response', () => {
    const callbackOf = async (running: RunningIdp) => {
      const attempt = authorizationRequest(running);
      return (
        await loginAtIdp({ authorizationUrl: attempt.url, login: 'alice', password: 'alice-pw' })
      ).callbackUrl;
    };

    it('authorizationResponseIss true (default): iss is in the redirect', async () => {
      const running = await start('default');
      expect((await callbackOf(running)).searchParams.get('iss')).toBe(running.issuer);
    });

    it('authorizationResponseIss false (auth0): no iss, the code still works', async () => {
      const running = await start('auth0');
      const attempt = authorizationRequest(running);
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: attempt.url,
        login: 'alice',
        password: 'alice-pw',
      });
      expect(callbackUrl.searchParams.has('iss')).toBe(false);
      expect(callbackUrl.searchParams.get('state')).toBe(attempt.state);
      expect((await exchangeCode(running, attempt, callbackUrl)).status).toBe(200);
    });

    it('offlineAccessScope false (google): asking for offline_access is invalid_scope', async () => {
      const running = await start('google');
      const callbackUrl = await callbackOf(running);
      expect(callbackUrl.searchParams.get('error')).toBe('invalid_scope');
    });
  });

  describe('tenant issuer (entra)', () => {
    it('serves the tenant issuer, and the {tenantid} template at /organizations and /common', async () => {
      const running = await start('entra');
      expect(running.issuer).toBe(`${running.url}/${DEV_TENANT_ID}/v2.0`);
      expect((await discover(running)).issuer).toBe(running.issuer);
      for (const alias of ['organizations', 'common']) {
        const metadata = await discover(running, `${running.url}/${alias}/v2.0`);
        expect(metadata.issuer).toBe(`${running.url}/{tenantid}/v2.0`);
        expect(metadata.token_endpoint).toBe(`${running.url}/${alias}/v2.0/token`);
      }
      expect(running.bffIssuer).toBe(`${running.url}/organizations/v2.0`);
    });

    it('logs in through the multi-tenant endpoints: tokens carry the tenant iss and tid', async () => {
      const running = await start('entra');
      const metadata = await discover(running, running.bffIssuer);
      const attempt = authorizationRequest(running);
      const url = new URL(String(metadata.authorization_endpoint));
      url.search = attempt.url.search;
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: url,
        login: 'alice',
        password: 'alice-pw',
      });
      expect(callbackUrl.searchParams.has('iss')).toBe(false);
      const response = await fetch(String(metadata.token_endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callbackUrl.searchParams.get('code') ?? '',
          redirect_uri: 'http://localhost:3999/bff/callback',
          code_verifier: attempt.verifier,
          client_id: 'cloakroom-bff',
          client_secret: 'cloakroom-dev-secret',
        }),
      });
      expect(response.status).toBe(200);
      const tokens = (await response.json()) as TokenResponse;
      const jwks = createRemoteJWKSet(new URL(String(metadata.jwks_uri)));
      const { payload } = await jwtVerify(tokens.id_token ?? '', jwks, {
        issuer: running.issuer,
        audience: 'cloakroom-bff',
      });
      expect(payload.tid).toBe(DEV_TENANT_ID);
      expect(payload.name).toBe('Alice Liddell');
      expect(decodeJwt(tokens.access_token)).toMatchObject({
        iss: running.issuer,
        tid: DEV_TENANT_ID,
      });
    });
  });
});
