// The BFF against the dev IdP configured to behave as IdPs in the field do (issues 12 and 19):
// each block switches on one behaviour and checks what a user of the BFF relies on.
import { generateKeyPairSync } from 'node:crypto';
import { bffClient } from '@cloakroom/idp';
import { idpSessionAlive, logoutAtIdp } from '@cloakroom/idp/testing';
import { useStack, type LibraryStack } from '@cloakroom/test-stack';
import { HttpBrowser, navigate, parseForm } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { callbackUrlFor } from './support/callback-url.ts';
import { readJson } from './support/read-json.ts';

const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ format: 'pem', type: 'pkcs8' }) as string;

/** The user signs out at the IdP itself (its end-session endpoint), confirming its form. */
async function signOutAtIdp(stack: LibraryStack, browser: HttpBrowser): Promise<void> {
  const discovery = await readJson<{ end_session_endpoint: string }>(
    await fetch(`${stack.idp.url}/.well-known/openid-configuration`),
  );
  await logoutAtIdp({
    endSessionUrl: `${discovery.end_session_endpoint}?client_id=cloakroom-bff`,
    jar: browser.jar,
  });
}

/** Logs out through the BFF and follows its end-session URL at the IdP, as the SPA does. */
async function logOutEverywhere(stack: LibraryStack, browser: HttpBrowser): Promise<URL> {
  const response = await stack.call(browser, '/bff/logout', { method: 'POST' });
  const { redirectTo } = await readJson<{ redirectTo: string }>(response);
  await logoutAtIdp({ endSessionUrl: redirectTo, jar: browser.jar });
  return new URL(redirectTo);
}

describe.each(['PS256', 'ES256', 'EdDSA'] as const)('ID tokens signed with %s', (idTokenAlg) => {
  const stack = useStack({ idpBehaviour: { idTokenAlg } });

  it('log the user in', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });
});

describe('logout tokens typed JWT or untyped (issue 19)', () => {
  const typed = useStack({ idpBehaviour: { logoutTokenTyp: 'JWT' } });
  const untyped = useStack({ idpBehaviour: { logoutTokenTyp: 'absent' } });

  it.each([
    ['JWT', typed],
    ['no typ', untyped],
  ])('end the session when the user signs out at the IdP (%s)', async (_typ, stack) => {
    const browser = await stack.login();
    const before = stack.idp.stats.backchannelSuccess;
    await signOutAtIdp(stack, browser);
    expect(stack.idp.stats.backchannelSuccess).toBe(before + 1);
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });
});

describe('an end-session that needs id_token_hint and state (issue 19, Okta-like)', () => {
  const plain = useStack({ idpBehaviour: { endSession: 'needs-hint-and-state' } });
  const hinted = useStack({
    idpBehaviour: { endSession: 'needs-hint-and-state' },
    bffOptions: { logoutIdTokenHint: true },
  });

  it('always gets a random state, so the IdP redirects back', async () => {
    const browser = await hinted.login();
    const response = await hinted.call(browser, '/bff/logout', { method: 'POST' });
    const { redirectTo } = await readJson<{ redirectTo: string }>(response);
    const first = new URL(redirectTo).searchParams.get('state');
    const again = await hinted.call(await hinted.login(), '/bff/logout', { method: 'POST' });
    const second = new URL((await readJson<{ redirectTo: string }>(again)).redirectTo);
    expect(first).toMatch(/^[\w-]{20,}$/);
    expect(second.searchParams.get('state')).not.toBe(first);
    const result = await logoutAtIdp({ endSessionUrl: redirectTo, jar: browser.jar });
    expect(`${result.redirectUrl?.origin}${result.redirectUrl?.pathname}`).toBe(
      `${hinted.bffUrl}/`,
    );
    expect(result.redirectUrl?.searchParams.get('state')).toBe(first);
  });

  it('keeps the IdP session without the hint (the documented trade-off)', async () => {
    const browser = await plain.login();
    const endSession = await logOutEverywhere(plain, browser);
    expect(endSession.searchParams.has('id_token_hint')).toBe(false);
    expect((await plain.call(browser, '/bff/user')).status).toBe(401);
    expect(await idpSessionAlive(plain.idp, browser.jar, bffClient(plain.bffUrl))).toBe(true);
  });

  it('ends the IdP session with OIDC_LOGOUT_ID_TOKEN_HINT=true: the next login asks for the password', async () => {
    const browser = await hinted.login();
    const endSession = await logOutEverywhere(hinted, browser);
    expect(endSession.searchParams.has('id_token_hint')).toBe(true);
    expect(await idpSessionAlive(hinted.idp, browser.jar, bffClient(hinted.bffUrl))).toBe(false);
    const page = await browser.follow(`${hinted.bffUrl}/bff/login`);
    expect(parseForm(await page.response.text(), page.url)?.fields.has('password')).toBe(true);
  });
});

describe('a token endpoint that does not decode Basic credentials (issue 19)', () => {
  const basic = useStack({ idpBehaviour: { basicCredentials: 'raw' } });
  const post = useStack({
    idpBehaviour: { basicCredentials: 'raw' },
    bffOptions: { tokenEndpointAuthMethod: 'client_secret_post' },
  });

  it("sends the browser back to the SPA with the IdP's unauthorized_client for its banner", async () => {
    const browser = new HttpBrowser();
    const url = (await callbackUrlFor(basic.bffUrl, browser)).href;
    const answer = await navigate(url, { cookie: browser.jar.header(url)! });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/?login_error=unauthorized_client');
  });

  it('answers a script with a message naming OIDC_CLIENT_AUTH=client_secret_post', async () => {
    const browser = new HttpBrowser();
    const response = await browser.request((await callbackUrlFor(basic.bffUrl, browser)).href);
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({
      error: 'login_failed',
      message: expect.stringContaining('try OIDC_CLIENT_AUTH=client_secret_post') as string,
    });
  });

  it('logs in with client_secret_post', async () => {
    const browser = await post.login();
    expect((await post.call(browser, '/api/me')).status).toBe(200);
  });
});

describe('an IdP that issues no refresh token', () => {
  const stack = useStack({ idpBehaviour: { refreshTokens: 'never' }, fakeClock: true });

  it('keeps the session until the access token expires, then answers 401 session_expired', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    stack.advance(300_000);
    const expired = await stack.call(browser, '/api/me');
    expect(expired.status).toBe(401);
    expect(await readJson(expired)).toMatchObject({ error: 'session_expired' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });
});

describe('Entra ID multi-tenant: the {tenantid} issuer', () => {
  const stack = useStack({ idpProfile: 'entra', idpBehaviour: { backchannelLogout: true } });

  it('logs in and accepts logout tokens from the tenant in the token', async () => {
    expect(stack.idp.bffIssuer).toMatch(/\/organizations\/v2\.0$/);
    const browser = await stack.login();
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
    await signOutAtIdp(stack, browser);
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });
});

describe('private_key_jwt with two keys (rotation)', () => {
  // Ed25519 signs: its JWS name is EdDSA, which the assertion header must say (oauth4webapi
  // would write Ed25519, matching no published key).
  const newest = generateKeyPairSync('ed25519').privateKey;
  const older = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const stack = useStack({
    fakeClock: true,
    bffOptions: {
      clientId: 'cloakroom-bff-pkjwt',
      tokenEndpointAuthMethod: 'private_key_jwt',
      clientKeys: [pem(newest), pem(older)],
      pushedAuthorizationRequests: true,
    },
  });

  it('publishes both public keys at /bff/jwks, newest first, and none of the private parts', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/jwks`);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    const { keys } = await readJson<{ keys: Array<Record<string, unknown>> }>(response);
    expect(keys.map((key) => [key.kty, key.alg])).toEqual([
      ['OKP', 'EdDSA'],
      ['RSA', 'RS256'],
    ]);
    expect(keys.some((key) => 'd' in key)).toBe(false);
  });

  it('authenticates with the newest key, for PAR, the code and the refresh grant', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    const refreshes = stack.idp.stats.grants.refresh_token ?? 0;
    stack.advance(300_000);
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    expect(stack.idp.stats.grants.refresh_token).toBe(refreshes + 1);
  });
});

describe('an IdP without revocation, end-session or back-channel logout', () => {
  const stack = useStack({
    idpProfile: 'google',
    bffOptions: {
      scope: 'openid profile email',
      authorizationParams: { access_type: 'offline', prompt: 'consent' },
    },
  });

  it('logs each missing capability once at start-up and still ends the session at logout', async () => {
    const browser = await stack.login();
    const again = await stack.login();
    const response = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(await readJson(response)).toEqual({ redirectTo: '/' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
    expect((await stack.call(again, '/bff/user')).status).toBe(200);
    const lines = stack.logLines.filter((line) => line.includes('the IdP has no'));
    expect(lines.map((line) => (JSON.parse(line) as { capability: string }).capability)).toEqual([
      'end_session_endpoint',
      'backchannel_logout_supported',
    ]);
  });
});
