import { HttpBrowser, CookieJar } from '@cloakroom/testkit';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../src/index.ts';
import { loginAtIdp, LoginRejectedError } from '../src/testing/index.ts';
import {
  authorizationRequest,
  CLIENT,
  loginForTokens,
  refresh,
  startTestIdp,
  type TokenResponse,
} from './support/oauth-client.ts';

const PASSWORD = 'urn:cloakroom:acr:password';
const MFA = 'urn:cloakroom:acr:mfa';

describe('authentication levels (acr_values)', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(() => idp.close());

  const verify = async (token: string | undefined, audience: string) =>
    (
      await jwtVerify(token ?? '', createRemoteJWKSet(new URL(`${idp.issuer}/jwks`)), {
        issuer: idp.issuer,
        audience,
      })
    ).payload;

  it('advertises the password and mfa levels', async () => {
    const metadata = (await (
      await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    ).json()) as { acr_values_supported?: string[] };
    expect(metadata.acr_values_supported).toEqual([PASSWORD, MFA]);
  });

  it('gives a plain login the password level in its access token', async () => {
    const { tokens } = await loginForTokens(idp, 'alice');
    const accessToken = await verify(tokens.access_token, 'api');
    expect(accessToken).toMatchObject({ acr: PASSWORD, auth_time: expect.any(Number) });
  });

  it('puts acr and auth_time in the ID token of a request with acr_values and max_age', async () => {
    const { tokens } = await loginForTokens(idp, 'alice', 'alice-pw', undefined, CLIENT, {
      acr_values: PASSWORD,
      max_age: '300',
    });
    const idToken = await verify(tokens.id_token, CLIENT.clientId);
    expect(idToken).toMatchObject({ acr: PASSWORD, auth_time: expect.any(Number) });
    expect(Math.abs(Number(idToken.auth_time) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('asks for the one-time code the page shows when mfa is requested, and grants mfa', async () => {
    const browser = new HttpBrowser();
    const attempt = authorizationRequest(idp, { acr_values: MFA });
    let response = await browser.request(attempt.url.href);
    response = await browser.request(new URL(response.headers.get('location')!, idp.url).href);
    const html = await response.text();
    expect(html).toMatch(/<input name="otp"/);
    expect(html).toMatch(/data-testid="otp-code">\d{6}</);
    // The Cancel link stays beside the code, and the page keeps its one submit button.
    expect(html).toMatch(/<a class="cancel" href="\/interaction\/[^"]+\/abort">Cancel<\/a>/);
    expect(html.match(/<button/g)).toHaveLength(1);

    const { tokens } = await loginForTokens(idp, 'alice', 'alice-pw', undefined, CLIENT, {
      acr_values: MFA,
    });
    expect(await verify(tokens.id_token, CLIENT.clientId)).toMatchObject({ acr: MFA });
    const accessToken = await verify(tokens.access_token, 'api');
    expect(accessToken).toMatchObject({ acr: MFA, auth_time: expect.any(Number) });
    // A refreshed access token keeps the level of the login its grant came from.
    const refreshed = (await (
      await refresh(idp, tokens.refresh_token ?? '')
    ).json()) as TokenResponse;
    expect(await verify(refreshed.access_token, 'api')).toMatchObject({
      acr: MFA,
      auth_time: accessToken.auth_time,
    });
  });

  it('refuses a wrong one-time code and shows the form again', async () => {
    const attempt = authorizationRequest(idp, { acr_values: MFA });
    await expect(
      loginAtIdp({ authorizationUrl: attempt.url, login: 'alice', password: 'alice-pw', otp: '1' }),
    ).rejects.toBeInstanceOf(LoginRejectedError);
  });

  it('steps a password session up to mfa by asking for the code, then not again', async () => {
    const jar = new CookieJar();
    await loginForTokens(idp, 'alice', 'alice-pw', jar);
    // A password session asked for mfa: the form again, with the code.
    const stepUp = authorizationRequest(idp, { acr_values: MFA });
    const browser = new HttpBrowser(jar);
    let response = await browser.request(stepUp.url.href);
    expect(response.status).toBe(303);
    response = await browser.request(new URL(response.headers.get('location')!, idp.url).href);
    expect(await response.text()).toMatch(/<input name="otp"/);
    const { tokens } = await loginForTokens(idp, 'alice', 'alice-pw', jar, CLIENT, {
      acr_values: MFA,
    });
    expect(decodeJwt(tokens.id_token ?? '').acr).toBe(MFA);
    // Given in this IdP session: a later mfa request is answered without a page.
    const again = authorizationRequest(idp, { acr_values: MFA, prompt: 'none' });
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: again.url,
      login: 'nobody',
      password: 'nobody',
      jar,
    });
    expect(callbackUrl.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('answers login_required to a silent mfa request on a password session', async () => {
    const { jar } = await loginForTokens(idp, 'bob');
    const attempt = authorizationRequest(idp, { acr_values: MFA, prompt: 'none' });
    const { callbackUrl } = await loginAtIdp({
      authorizationUrl: attempt.url,
      login: 'nobody',
      password: 'nobody',
      jar,
    });
    expect(callbackUrl.searchParams.get('error')).toBe('login_required');
  });

  it('ignores a level it does not know: the ID token names the level it gave', async () => {
    const { tokens } = await loginForTokens(idp, 'alice', 'alice-pw', undefined, CLIENT, {
      acr_values: 'urn:example:acr:gold',
    });
    expect(decodeJwt(tokens.id_token ?? '').acr).toBe(PASSWORD);
  });
});
