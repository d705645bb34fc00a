import { describe, expect, it } from 'vitest';
import { doctorClientConfig } from './client-config.ts';

describe('doctorClientConfig', () => {
  it("reads the server's defaults with no environment: the dev IdP, basic auth, offline_access", () => {
    expect(doctorClientConfig({})).toEqual({
      issuer: 'http://127.0.0.1:4000',
      clientAuth: 'client_secret_basic',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      par: false,
      dpop: false,
      logoutIdTokenHint: false,
      endSessionUrl: false,
      userinfo: false,
    });
  });

  it('lets --issuer override OIDC_ISSUER', () => {
    expect(
      doctorClientConfig({ OIDC_ISSUER: 'https://a.example' }, 'https://b.example').issuer,
    ).toBe('https://b.example');
    expect(doctorClientConfig({ OIDC_ISSUER: 'https://a.example' }).issuer).toBe(
      'https://a.example',
    );
  });

  it('defaults to a public client (none) when OIDC_CLIENT_SECRET is empty', () => {
    expect(doctorClientConfig({ OIDC_CLIENT_SECRET: '' }).clientAuth).toBe('none');
    expect(
      doctorClientConfig({ OIDC_CLIENT_SECRET: '', OIDC_CLIENT_AUTH: 'private_key_jwt' })
        .clientAuth,
    ).toBe('private_key_jwt');
  });

  it('reads the switches, true only when "true"', () => {
    expect(
      doctorClientConfig({
        OIDC_SCOPE: ' openid  email ',
        OIDC_PAR: 'true',
        OIDC_DPOP: 'true',
        OIDC_LOGOUT_ID_TOKEN_HINT: 'true',
        OIDC_END_SESSION_URL: 'https://x/logout',
        OIDC_USERINFO: 'yes',
      }),
    ).toMatchObject({
      scopes: ['openid', 'email'],
      par: true,
      dpop: true,
      logoutIdTokenHint: true,
      endSessionUrl: true,
      userinfo: false,
    });
  });

  it('holds no secret, only the method it implies', () => {
    const config = doctorClientConfig({ OIDC_CLIENT_SECRET: 'super-secret-value-123' });
    expect(JSON.stringify(config)).not.toContain('super-secret-value-123');
  });
});
