import { HttpBrowser, parseForm } from '@cloakroom/testkit';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bffClient, startIdp, type IdpClient, type RunningIdp } from '../src/index.ts';
import { logoutAtIdp } from '../src/testing/index.ts';
import {
  startBackchannelReceiver,
  type BackchannelReceiver,
} from './support/backchannel-receiver.ts';
import { loginForTokens, refresh } from './support/oauth-client.ts';

describe('RP-initiated logout and back-channel logout', () => {
  let receiver: BackchannelReceiver;
  let client: IdpClient;
  let idp: RunningIdp;

  beforeAll(async () => {
    receiver = await startBackchannelReceiver();
    client = bffClient(receiver.publicUrl);
    idp = await startIdp({ clients: [client] });
  });
  afterAll(async () => {
    await idp.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.status = 200;
  });

  // The test helpers register CLIENT; this suite's client differs only in its URLs.
  const login = (name: string) => loginForTokens(idp, name, `${name}-pw`, undefined, client);

  function endSessionUrl(): URL {
    const url = new URL('/session/end', idp.issuer);
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('post_logout_redirect_uri', client.postLogoutRedirectUris[0] ?? '');
    return url;
  }

  it('asks for confirmation on a styled page with a single button', async () => {
    const { jar } = await login('alice');
    const response = await new HttpBrowser(jar).request(endSessionUrl().href);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Cloakroom dev IdP');
    expect(html.match(/<button/g)).toHaveLength(1);
    const form = parseForm(html, response.url || endSessionUrl());
    expect(form?.method).toBe('POST');
    expect(form?.action).toBe(`${idp.issuer}/session/end/confirm`);
    expect(form?.fields.get('xsrf')).toEqual(expect.any(String));
    expect(form?.fields.get('logout')).toBe('yes');
    expect(receiver.received).toHaveLength(0); // nothing happens before the confirmation
  });

  it('refuses a confirmation without the xsrf secret (the CSRF guard)', async () => {
    const browser = new HttpBrowser((await login('alice')).jar);
    await (await browser.request(endSessionUrl().href)).text();
    const response = await browser.request(`${idp.issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout: 'yes' }),
    });
    expect(response.status).toBe(400);
    expect(receiver.received).toHaveLength(0);
  });

  it('POSTs a valid logout_token to the loopback back-channel URI when the user confirms', async () => {
    const { tokens, jar } = await login('alice');
    const sid = decodeJwt(tokens.id_token ?? '').sid;
    const before = idp.stats.backchannelSuccess;

    const { redirectUrl } = await logoutAtIdp({ endSessionUrl: endSessionUrl(), jar });
    expect(redirectUrl?.href).toBe(client.postLogoutRedirectUris[0]);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery?.path).toBe('/bff/backchannel-logout');
    expect(delivery?.contentType).toBe('application/x-www-form-urlencoded');
    const { payload, protectedHeader } = await jwtVerify(
      delivery?.logoutToken ?? '',
      createRemoteJWKSet(new URL(`${idp.issuer}/jwks`)),
      { issuer: idp.issuer, audience: client.clientId },
    );
    expect(protectedHeader.typ).toBe('logout+jwt');
    expect(payload).toMatchObject({
      sub: 'alice',
      sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    expect(payload).not.toHaveProperty('nonce');
    expect(idp.stats.backchannelSuccess).toBe(before + 1);
  });

  it('revokes the grant on logout: the refresh token stops working', async () => {
    const { tokens, jar } = await login('bob');
    await logoutAtIdp({ endSessionUrl: endSessionUrl(), jar });
    const response = await refresh(idp, tokens.refresh_token ?? '', client);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('counts a failed back-channel delivery and still completes the logout', async () => {
    receiver.status = 500;
    const { jar } = await login('alice');
    const before = idp.stats.backchannelErrors;
    const { redirectUrl } = await logoutAtIdp({ endSessionUrl: endSessionUrl(), jar });
    expect(redirectUrl?.href).toBe(client.postLogoutRedirectUris[0]);
    expect(receiver.received).toHaveLength(1);
    expect(idp.stats.backchannelErrors).toBe(before + 1);
  });

  it('without an IdP session, logs out without a page and redirects back', async () => {
    const { redirectUrl } = await logoutAtIdp({ endSessionUrl: endSessionUrl() });
    expect(redirectUrl?.href).toBe(client.postLogoutRedirectUris[0]);
    expect(receiver.received).toHaveLength(0);
  });

  it('shows a "Signed out" page when no post_logout_redirect_uri is given', async () => {
    const { jar } = await login('alice');
    const url = new URL('/session/end', idp.issuer);
    url.searchParams.set('client_id', client.clientId);
    const { finalPage } = await logoutAtIdp({ endSessionUrl: url, jar });
    expect(finalPage?.status).toBe(200);
    expect(finalPage?.html).toContain('You are signed out');
  });
});
