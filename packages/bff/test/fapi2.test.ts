import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { navigate } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { startEchoUpstream } from './support/echo-upstream.ts';

// OIDC_PROFILE=fapi2 against the dev IdP: PAR, private_key_jwt, DPoP-bound tokens and the
// RFC 9207 iss parameter, in one login; and an IdP that leaves out iss is refused.

const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
const fapi2 = (echoUrl: string) => ({
  profile: 'fapi2' as const,
  clientId: 'cloakroom-bff-pkjwt',
  clientSecret: undefined,
  clientKeys: [String(key)],
  routes: [
    { path: '/api', upstream: '{api}' },
    { path: '/api/echo', upstream: `${echoUrl}/echo` },
  ],
});

describe('the FAPI 2.0 profile (OIDC_PROFILE=fapi2)', () => {
  const echo = useRunning(startEchoUpstream);
  const stack = useStack(() => ({ bffOptions: fapi2(echo.url) }));

  it('logs in by PAR with private_key_jwt, and the API gets a DPoP-bound token with a proof', async () => {
    const pushed = stack.idp.stats.grants.authorization_code ?? 0;
    const browser = await stack.login();
    expect(stack.idp.stats.grants.authorization_code).toBe(pushed + 1);
    // The sample API checks the proof (signature, htm, htu, ath, jti, cnf.jkt) before answering.
    const me = await stack.call(browser, '/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'alice', aud: 'api' });
    expect((await stack.call(browser, '/api/echo/x')).status).toBe(200);
    const seen = echo.seen.at(-1)!;
    const [scheme, token] = String(seen.headers.authorization).split(' ');
    expect(scheme).toBe('DPoP');
    expect(seen.headers.dpop).toMatch(/^eyJ/);
    expect(decodeJwt(token!).cnf).toMatchObject({ jkt: expect.any(String) });
  });

  it('sends the authorization request by reference (PAR): only client_id and request_uri in the URL', async () => {
    const answer = await navigate(`${stack.bffUrl}/bff/login?returnTo=/`);
    const url = new URL(answer.location!);
    expect([...url.searchParams.keys()].toSorted()).toEqual(['client_id', 'request_uri']);
  });
});

describe('the FAPI 2.0 profile with an IdP that leaves out iss (RFC 9207)', () => {
  const echo = useRunning(startEchoUpstream);
  const stack = useStack(() => ({
    idpBehaviour: { authorizationResponseIss: false },
    bffOptions: fapi2(echo.url),
  }));

  it('refuses the callback and makes no session', async () => {
    const browser = await stack.login();
    const callback = browser.hops.find((hop) => new URL(hop.url).pathname === '/bff/callback');
    expect(callback?.status).toBe(400);
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
  });
});
