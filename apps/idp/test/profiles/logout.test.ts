import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bffClient,
  DEV_TENANT_ID,
  type IdpBehaviour,
  type IdpClient,
  type IdpProfileName,
  type RunningIdp,
} from '../../src/index.ts';
import { idpSessionAlive, loginForTokens, logoutAtIdp } from '../../src/testing/index.ts';
import {
  startBackchannelReceiver,
  type BackchannelReceiver,
} from '../support/backchannel-receiver.ts';
import { startProfileIdp } from '../support/profile-idp.ts';

describe('logout by behaviour', () => {
  let receiver: BackchannelReceiver;
  let client: IdpClient;
  let idp: RunningIdp | undefined;
  beforeAll(async () => {
    receiver = await startBackchannelReceiver();
    client = bffClient(receiver.publicUrl);
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.received.length = 0;
  });
  afterEach(async () => {
    await idp?.close();
    idp = undefined;
  });

  const start = async (profile: IdpProfileName, behaviour: Partial<IdpBehaviour> = {}) => {
    idp = await startProfileIdp(profile, behaviour, [client]);
    return idp;
  };
  const login = (running: RunningIdp) =>
    loginForTokens(running, 'alice', 'alice-pw', undefined, client);
  const endSessionUrl = (running: RunningIdp, params: Record<string, string> = {}) => {
    const url = new URL('/session/end', running.issuer);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      post_logout_redirect_uri: client.postLogoutRedirectUris[0] ?? '',
      ...params,
    }).toString();
    return url;
  };

  describe('logoutTokenTyp', () => {
    it.each([
      ['default', {}, 'logout+jwt'],
      ['keycloak', {}, 'JWT'],
      ['default', { logoutTokenTyp: 'absent' }, undefined],
    ] as const)(
      '%s %o: logout tokens typed %s, same claims, valid signature',
      async (profile, behaviour, typ) => {
        const running = await start(profile, behaviour);
        const { jar } = await login(running);
        await logoutAtIdp({ endSessionUrl: endSessionUrl(running), jar });
        expect(receiver.received).toHaveLength(1);
        const token = receiver.received[0]?.logoutToken ?? '';
        expect(decodeProtectedHeader(token).typ).toBe(typ);
        const { payload } = await jwtVerify(
          token,
          createRemoteJWKSet(new URL(`${running.issuer}/jwks`)),
          {
            issuer: running.issuer,
            audience: client.clientId,
          },
        );
        expect(payload).toMatchObject({
          sub: 'alice',
          sid: expect.any(String),
          events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
        });
      },
    );

    it('signs logout tokens with the ID token algorithm (ES256)', async () => {
      const running = await start('keycloak', { idTokenAlg: 'ES256' });
      const { jar } = await login(running);
      await logoutAtIdp({ endSessionUrl: endSessionUrl(running), jar });
      const token = receiver.received[0]?.logoutToken ?? '';
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
      await jwtVerify(token, createRemoteJWKSet(new URL(`${running.issuer}/jwks`)), {
        issuer: running.issuer,
      });
    });

    it('tenant issuer: logout tokens carry tid and the tenant iss', async () => {
      const running = await start('entra', { backchannelLogout: true });
      const { jar } = await login(running);
      await logoutAtIdp({ endSessionUrl: endSessionUrl(running), jar });
      const token = receiver.received[0]?.logoutToken ?? '';
      const { payload } = await jwtVerify(
        token,
        createRemoteJWKSet(new URL(`${running.issuer}/jwks`)),
      );
      expect(payload).toMatchObject({ iss: running.issuer, tid: DEV_TENANT_ID });
    });

    it('backchannelLogout false (okta): no logout token is sent', async () => {
      const running = await start('okta');
      const { jar, tokens } = await login(running);
      await logoutAtIdp({
        endSessionUrl: endSessionUrl(running, { id_token_hint: tokens.id_token ?? '', state: 's' }),
        jar,
      });
      expect(receiver.received).toHaveLength(0);
    });
  });

  describe('endSession cognito', () => {
    const cognitoLogout = (running: RunningIdp, logoutUri: string, clientId = client.clientId) => {
      const url = new URL('/logout', running.issuer);
      url.search = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString();
      return url;
    };

    it('GET /logout ends the IdP session and redirects to the sign-out URL', async () => {
      const running = await start('cognito');
      const { jar } = await login(running);
      expect(await idpSessionAlive(running, jar, client)).toBe(true);
      const target = client.postLogoutRedirectUris[0] ?? '';
      const { redirectUrl } = await logoutAtIdp({
        endSessionUrl: cognitoLogout(running, target),
        jar,
      });
      expect(redirectUrl?.href).toBe(target);
      expect(await idpSessionAlive(running, jar, client)).toBe(false);
    });

    it('refuses a logout_uri that is not registered, or an unknown client, with a 400 page', async () => {
      const running = await start('cognito');
      const { jar } = await login(running);
      const wrong = await logoutAtIdp({
        endSessionUrl: cognitoLogout(running, 'https://evil.example/'),
        jar,
      });
      expect(wrong.redirectUrl).toBeUndefined();
      expect(wrong.finalPage?.status).toBe(400);
      const unknown = await logoutAtIdp({
        endSessionUrl: cognitoLogout(running, client.postLogoutRedirectUris[0] ?? '', 'nobody'),
        jar,
      });
      expect(unknown.finalPage?.status).toBe(400);
      expect(await idpSessionAlive(running, jar, client)).toBe(true);
    });

    it('has no standard end-session endpoint', async () => {
      const running = await start('cognito');
      const response = await fetch(endSessionUrl(running), { redirect: 'manual' });
      expect(response.status).toBe(404);
    });
  });

  describe('endSession needs-hint-and-state (okta)', () => {
    it('without id_token_hint: signed out of the app only, the IdP session lives on', async () => {
      const running = await start('okta');
      const { jar } = await login(running);
      const { redirectUrl, finalPage } = await logoutAtIdp({
        endSessionUrl: endSessionUrl(running, { state: 'xyz' }),
        jar,
      });
      expect(redirectUrl).toBeUndefined();
      expect(finalPage?.status).toBe(200);
      expect(finalPage?.html).toContain('still signed in at this identity provider');
      expect(await idpSessionAlive(running, jar, client)).toBe(true);
    });

    it('with id_token_hint but no state: the IdP session ends, a "signed out" page, no redirect', async () => {
      const running = await start('okta');
      const { jar, tokens } = await login(running);
      const { redirectUrl, finalPage } = await logoutAtIdp({
        endSessionUrl: endSessionUrl(running, { id_token_hint: tokens.id_token ?? '' }),
        jar,
      });
      expect(redirectUrl).toBeUndefined();
      expect(finalPage?.html).toContain('You are signed out');
      expect(await idpSessionAlive(running, jar, client)).toBe(false);
    });

    it('with id_token_hint and state: the IdP session ends and it redirects back with the state', async () => {
      const running = await start('okta');
      const { jar, tokens } = await login(running);
      const { redirectUrl } = await logoutAtIdp({
        endSessionUrl: endSessionUrl(running, {
          id_token_hint: tokens.id_token ?? '',
          state: 'xyz',
        }),
        jar,
      });
      expect(redirectUrl?.origin + (redirectUrl?.pathname ?? '')).toBe(
        client.postLogoutRedirectUris[0],
      );
      expect(redirectUrl?.searchParams.get('state')).toBe('xyz');
      expect(await idpSessionAlive(running, jar, client)).toBe(false);
    });
  });

  it('endSession standard (default): logout without a hint ends the IdP session', async () => {
    const running = await start('default');
    const { jar } = await login(running);
    const { redirectUrl } = await logoutAtIdp({ endSessionUrl: endSessionUrl(running), jar });
    expect(redirectUrl?.href).toBe(client.postLogoutRedirectUris[0]);
    expect(await idpSessionAlive(running, jar, client)).toBe(false);
  });
});
