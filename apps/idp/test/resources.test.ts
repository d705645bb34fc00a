// Resource indicators (RFC 8707) with `resources` listed (IDP_RESOURCES): what a BFF with
// several per-resource routes sees at the dev IdP, over HTTP.
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../src/index.ts';
import {
  authorizationRequest,
  clientCredentials,
  exchangeCode,
  loginAtIdp,
  loginForTokens,
  pushedAuthorizationRequest,
  refresh,
  startTestIdp,
  type AuthorizationParams,
  type TokenResponse,
} from './support/oauth-client.ts';
import { errorOf } from './support/profile-idp.ts';

const BILLING = 'urn:cloakroom:billing';
const REPORTS = 'https://reports.example/api';
const UNLISTED = 'urn:cloakroom:unlisted';
/** The BFF's login scope with a route's `"scope": "billing"` added. */
const LOGIN_SCOPE = 'openid profile email offline_access billing';

describe('resource indicators for the listed resources', () => {
  let idp: RunningIdp;
  let verify: (token: string, audience: string) => Promise<JWTPayload>;
  beforeAll(async () => {
    idp = await startTestIdp({ resources: [BILLING, REPORTS], accessTokenTtlSeconds: 60 });
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    verify = async (token, audience) =>
      (await jwtVerify(token, jwks, { issuer: idp.issuer, audience, typ: 'at+jwt' })).payload;
  });
  afterAll(() => idp.close());

  const login = async (params: AuthorizationParams, user = 'alice') =>
    (await loginForTokens(idp, user, undefined, undefined, undefined, params)).tokens;
  const ok = async (response: Response) => {
    const body = (await response.json()) as TokenResponse & { error?: string };
    expect({ status: response.status, error: body.error }).toEqual({ status: 200 });
    return body;
  };

  describe('a login naming zero, one or several resources', () => {
    it.each([
      ['no resource', undefined],
      ['one resource', [BILLING]],
      ['two resources', [BILLING, REPORTS]],
    ])(
      'with %s: the code and refreshes without resource give the API token (aud "api")',
      async (_label, resource) => {
        const tokens = await login({ resource, scope: LOGIN_SCOPE });
        const fromCode = await verify(tokens.access_token, 'api');
        expect(fromCode).toMatchObject({ aud: 'api', sub: 'alice', scope: 'openid profile email' });
        expect(tokens.scope).toBe('openid profile email');
        expect(tokens.id_token).toEqual(expect.any(String));

        const refreshed = await ok(await refresh(idp, tokens.refresh_token ?? ''));
        expect(await verify(refreshed.access_token, 'api')).toMatchObject({
          aud: 'api',
          scope: 'openid profile email',
        });
      },
    );

    it('by PAR too: the pushed request may carry several resources', async () => {
      const attempt = await pushedAuthorizationRequest(idp, {
        resource: [BILLING, REPORTS],
        scope: LOGIN_SCOPE,
      });
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: attempt.url,
        login: 'bob',
        password: 'bob-pw',
      });
      const tokens = await ok(await exchangeCode(idp, attempt, callbackUrl));
      expect((await verify(tokens.access_token, 'api')).sub).toBe('bob');
      const billing = await ok(
        await refresh(idp, tokens.refresh_token ?? '', undefined, { resource: BILLING }),
      );
      expect((await verify(billing.access_token, BILLING)).sub).toBe('bob');
    });
  });

  describe('a refresh with resource=<listed resource named at login>', () => {
    it('returns a JWT for that audience with its scope, and a rotated refresh token', async () => {
      const tokens = await login({ resource: [BILLING, REPORTS], scope: LOGIN_SCOPE });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
      });
      const billing = await ok(response);
      expect(billing.refresh_token).toEqual(expect.any(String));
      expect(billing.refresh_token).not.toBe(tokens.refresh_token);
      const claims = await verify(billing.access_token, BILLING);
      expect(claims).toMatchObject({ aud: BILLING, sub: 'alice', client_id: 'cloakroom-bff' });
      expect(new Set(String(claims.scope).split(' '))).toEqual(
        new Set(['openid', 'profile', 'email', 'billing']),
      );
      expect(billing.expires_in).toBe(60);

      // The rotated token serves every resource of the login, and the API by default.
      const reports = await ok(
        await refresh(idp, billing.refresh_token ?? '', undefined, { resource: REPORTS }),
      );
      expect((await verify(reports.access_token, REPORTS)).aud).toBe(REPORTS);
      const api = await ok(await refresh(idp, reports.refresh_token ?? ''));
      expect((await verify(api.access_token, 'api')).aud).toBe('api');
    });

    it('with scope=billing: a token carrying only that scope', async () => {
      const tokens = await login({ resource: BILLING, scope: LOGIN_SCOPE });
      const billing = await ok(
        await refresh(idp, tokens.refresh_token ?? '', undefined, {
          resource: BILLING,
          scope: 'billing',
        }),
      );
      expect(billing.scope).toBe('billing');
      expect(await verify(billing.access_token, BILLING)).toMatchObject({ scope: 'billing' });
    });

    it('with a scope the login did not ask for: 400 invalid_scope', async () => {
      const tokens = await login({ resource: BILLING });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
        scope: 'billing',
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_scope');
    });

    it('keeps reuse detection: the used refresh token presented again revokes the grant', async () => {
      const tokens = await login({ resource: BILLING, scope: LOGIN_SCOPE });
      const rotated = await ok(
        await refresh(idp, tokens.refresh_token ?? '', undefined, { resource: BILLING }),
      );
      const reuse = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
      });
      expect(reuse.status).toBe(400);
      expect(await errorOf(reuse)).toBe('invalid_grant');
      const afterReuse = await refresh(idp, rotated.refresh_token ?? '');
      expect(afterReuse.status).toBe(400);
      expect(await errorOf(afterReuse)).toBe('invalid_grant');
    });
  });

  describe('a resource the login did not name', () => {
    it('is 400 invalid_target at refresh, and the refresh token presented is spent', async () => {
      // oidc-provider rotates (consumes) the refresh token before it resolves the resource: the
      // failed refresh leaves the client with a used token, whose next use revokes the grant.
      const tokens = await login({ resource: BILLING, scope: LOGIN_SCOPE });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: REPORTS,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');

      const again = await refresh(idp, tokens.refresh_token ?? '');
      expect(again.status).toBe(400);
      expect(await errorOf(again)).toBe('invalid_grant');
    });

    it('is 400 invalid_target at refresh for a login that named no resource', async () => {
      const tokens = await login({ scope: LOGIN_SCOPE });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');
    });
  });

  describe('a resource that is not listed: invalid_target', () => {
    it('in the authorization request: back to the redirect URI with error=invalid_target', async () => {
      const attempt = authorizationRequest(idp, { resource: [BILLING, UNLISTED] });
      const response = await fetch(attempt.url, { redirect: 'manual' });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_target');
      expect(location.searchParams.get('state')).toBe(attempt.state);
    });

    it('in a pushed authorization request: 400', async () => {
      await expect(pushedAuthorizationRequest(idp, { resource: UNLISTED })).rejects.toThrow(
        /400 .*invalid_target/,
      );
    });

    it('at the code exchange: 400, and the code is spent', async () => {
      const attempt = authorizationRequest(idp, { resource: BILLING });
      const { callbackUrl } = await loginAtIdp({
        authorizationUrl: attempt.url,
        login: 'alice',
        password: 'alice-pw',
      });
      const response = await exchangeCode(idp, attempt, callbackUrl, undefined, 'basic', {
        resource: UNLISTED,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');
      // The code was consumed before the resource was looked at.
      const again = await exchangeCode(idp, attempt, callbackUrl);
      expect(await errorOf(again)).toBe('invalid_grant');
    });

    it('at refresh: 400, and the refresh token is spent', async () => {
      const tokens = await login({ resource: BILLING });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: UNLISTED,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');
      const again = await refresh(idp, tokens.refresh_token ?? '');
      expect(await errorOf(again)).toBe('invalid_grant');
    });

    it('for client credentials: 400', async () => {
      const response = await clientCredentials(idp, { resource: UNLISTED });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');
    });
  });

  describe('client credentials of the BFF', () => {
    it('give a JWT for the listed resource with sub = client_id = the client, counted in stats', async () => {
      const before = idp.stats.grants.client_credentials ?? 0;
      const response = await clientCredentials(idp, { resource: BILLING, scope: 'billing' });
      const token = await ok(response);
      expect(token).toMatchObject({ token_type: 'Bearer', scope: 'billing', expires_in: 60 });
      expect(token).not.toHaveProperty('refresh_token');
      expect(await verify(token.access_token, BILLING)).toMatchObject({
        aud: BILLING,
        sub: 'cloakroom-bff',
        client_id: 'cloakroom-bff',
        scope: 'billing',
      });
      expect(idp.stats.grants.client_credentials).toBe(before + 1);
    });

    it('without scope: a token without scope; without resource: the API token', async () => {
      const bare = await ok(await clientCredentials(idp, { resource: REPORTS }));
      expect(decodeJwt(bare.access_token)).not.toHaveProperty('scope');
      expect(await verify(bare.access_token, REPORTS)).toMatchObject({ sub: 'cloakroom-bff' });

      const api = await ok(await clientCredentials(idp));
      expect(await verify(api.access_token, 'api')).toMatchObject({
        aud: 'api',
        sub: 'cloakroom-bff',
      });
    });
  });
});

describe('resource indicators without refresh-token rotation (keycloak profile)', () => {
  it('a refresh naming a resource the login did not is invalid_target, and the token lives on', async () => {
    const idp = await startTestIdp({ resources: [BILLING, REPORTS], profile: 'keycloak' });
    try {
      const { tokens } = await loginForTokens(idp, 'alice', undefined, undefined, undefined, {
        resource: BILLING,
      });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: REPORTS,
      });
      expect(await errorOf(response)).toBe('invalid_target');
      const billing = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
      });
      expect(billing.status).toBe(200);
      const { access_token: token } = (await billing.json()) as TokenResponse;
      expect(decodeJwt(token).aud).toBe(BILLING);
    } finally {
      await idp.close();
    }
  });
});

describe('the resources option', () => {
  it('refuses a resource that is not an absolute URI at start-up, naming it', async () => {
    await expect(startTestIdp({ resources: [BILLING, 'billing'] })).rejects.toThrow(
      /resources\.1: expected an absolute URI, got "billing"/,
    );
  });

  it('without it, a listed-looking resource is invalid_target and the API token unchanged', async () => {
    const idp = await startTestIdp();
    try {
      const { tokens } = await loginForTokens(idp, 'alice');
      expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: 'api' });
      const response = await refresh(idp, tokens.refresh_token ?? '', undefined, {
        resource: BILLING,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toBe('invalid_target');
    } finally {
      await idp.close();
    }
  });
});
