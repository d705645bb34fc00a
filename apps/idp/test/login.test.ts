import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, HttpBrowser, parseForm } from '@cloakroom/testkit';
import type { RunningIdp } from '../src/index.ts';
import { loginAtIdp, LoginRejectedError } from '../src/testing/index.ts';
import {
  authorizationRequest,
  CLIENT,
  exchangeCode,
  loginForTokens,
  startTestIdp,
} from './support/oauth-client.ts';

describe('login with authorization code + PKCE', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 120 });
  });
  afterAll(() => idp.close());

  it('shows a login form with inputs login and password and one submit button', async () => {
    const browser = new HttpBrowser();
    let response = await browser.request(authorizationRequest(idp).url.href);
    expect(response.status).toBe(303);
    const interactionUrl = new URL(response.headers.get('location') ?? '', idp.url);
    expect(interactionUrl.pathname).toMatch(/^\/interaction\//);
    response = await browser.request(interactionUrl.href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Cloakroom dev IdP');
    expect(html).toMatch(/<form method="post"/);
    expect(html).toMatch(/<input name="login"/);
    expect(html).toMatch(/<input name="password" type="password"/);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no external resources
  });

  it('logs alice in: id_token with her profile and email, JWT access token for aud "api"', async () => {
    const { tokens, attempt } = await loginForTokens(idp, 'alice');
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(120);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const idToken = await jwtVerify(tokens.id_token ?? '', jwks, {
      issuer: idp.issuer,
      audience: CLIENT.clientId,
    });
    expect(idToken.payload).toMatchObject({
      sub: 'alice',
      name: 'Alice Liddell',
      email: 'alice@example.com',
      email_verified: true,
      nonce: attempt.nonce,
    });
    expect(idToken.payload.sid).toEqual(expect.any(String));

    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const accessToken = await jwtVerify(tokens.access_token, jwks, {
      issuer: idp.issuer,
      audience: 'api',
      typ: 'at+jwt',
    });
    expect(accessToken.payload.aud).toBe('api');
    expect(accessToken.payload.sub).toBe('alice');
    expect(accessToken.payload.client_id).toBe(CLIENT.clientId);
    expect(String(accessToken.payload.scope).split(' ')).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email']),
    );
    const { exp = 0, iat = 0 } = accessToken.payload;
    expect(exp - iat).toBe(120);
    expect(idp.stats.grants.authorization_code).toBeGreaterThanOrEqual(1);
  });

  it('returns state and iss to the redirect_uri', async () => {
    const attempt = authorizationRequest(idp);
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'bob',
      password: 'bob-pw',
    });
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(CLIENT.redirectUris[0]);
    expect(callbackUrl.searchParams.get('state')).toBe(attempt.state);
    expect(callbackUrl.searchParams.get('iss')).toBe(idp.issuer);
    expect(callbackUrl.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('re-renders the form with an error on a wrong password and issues no code', async () => {
    const browser = new HttpBrowser();
    let response = await browser.request(authorizationRequest(idp).url.href);
    const interactionUrl = new URL(response.headers.get('location') ?? '', idp.url);
    response = await browser.request(interactionUrl.href);
    const form = parseForm(await response.text(), interactionUrl);
    form?.fields.set('login', 'alice');
    form?.fields.set('password', 'bob-pw');
    response = await browser.request(form?.action ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form?.fields ?? new URLSearchParams(),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Wrong username or password.');
    expect(html).toMatch(/<input name="login" value="alice"/);

    await expect(
      loginAtIdp({
        authorizationUrl: authorizationRequest(idp).url,
        login: 'nobody',
        password: 'x',
      }),
    ).rejects.toBeInstanceOf(LoginRejectedError);
  });

  it('answers an oversized or non-form login POST with an HTML error page (413/415)', async () => {
    const browser = new HttpBrowser();
    const response = await browser.request(authorizationRequest(idp).url.href);
    const interactionUrl = new URL(response.headers.get('location') ?? '', idp.url);
    const loginUrl = `${interactionUrl.href}/login`;
    const tooBig = await browser.request(loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: 'alice', password: 'x'.repeat(10_000) }),
    });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain('Cloakroom dev IdP');
    const json = await fetch(loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: browser.jar.header(loginUrl) ?? '' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('lets the user retry on the same form after a wrong password', async () => {
    const jar = new CookieJar();
    const attempt = authorizationRequest(idp);
    await expect(
      loginAtIdp({ authorizationUrl: attempt.url, login: 'alice', password: 'nope', jar }),
    ).rejects.toBeInstanceOf(LoginRejectedError);
    // The interaction is still pending: the same authorization request succeeds afterwards.
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'alice',
      password: 'alice-pw',
      jar,
    });
    expect((await exchangeCode(idp, attempt, callbackUrl)).status).toBe(200);
  });

  it('signs in again without a form while the IdP session lives (SSO)', async () => {
    const { jar } = await loginForTokens(idp, 'bob');
    const attempt = authorizationRequest(idp);
    // A wrong password would throw if a form were shown; none is.
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'bob',
      password: 'wrong',
      jar,
    });
    expect(callbackUrl.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('completes an explicit prompt=consent without a consent page', async () => {
    const attempt = authorizationRequest(idp, { prompt: 'consent' });
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'alice',
      password: 'alice-pw',
    });
    const response = await exchangeCode(idp, attempt, callbackUrl);
    expect(response.status).toBe(200);
  });

  it('requires PKCE: an authorization request without code_challenge is refused', async () => {
    const url = authorizationRequest(idp).url;
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', idp.url);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a code exchanged with the wrong code_verifier (invalid_grant)', async () => {
    const attempt = authorizationRequest(idp);
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'alice',
      password: 'alice-pw',
    });
    const before = idp.stats.grantErrors.invalid_grant ?? 0;
    const response = await exchangeCode(idp, { ...attempt, verifier: 'x'.repeat(43) }, callbackUrl);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
    expect(idp.stats.grantErrors.invalid_grant).toBe(before + 1);
  });

  it('renders an HTML error page, not a stack, for an expired or unknown interaction', async () => {
    const response = await fetch(`${idp.url}/interaction/does-not-exist`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Cloakroom dev IdP');
    expect(html).toContain('login_expired');
    expect(html).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('renders provider errors as a small HTML page', async () => {
    const response = await fetch(`${idp.url}/auth?client_id=unknown`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Cloakroom dev IdP');
    expect(html).toContain('invalid_client');
  });
});
