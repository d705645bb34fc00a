import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { HttpBrowser } from '@cloakroom/testkit';
import { createMemoryStore, type SessionStore } from '@cloakroom/bff';
import { startStack, useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';
import { signOutAtIdp as signOutAt } from './support/sign-out-at-idp.ts';

const stack = useStack();

/** The user signs out at the IdP itself (not through the BFF), confirming its form. */
const signOutAtIdp = (browser: HttpBrowser, idp: { issuer: string } = stack.idp) =>
  signOutAt(browser, idp.issuer);

const post = (token: string, bffUrl = stack.bffUrl) =>
  fetch(`${bffUrl}/bff/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });

describe('POST /bff/backchannel-logout', () => {
  it('ends the BFF session when the user signs out at the IdP', async () => {
    const browser = await stack.login();
    const other = await stack.login({ login: 'bob', password: 'bob-pw' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
    const before = stack.idp.stats.backchannelSuccess;
    await signOutAtIdp(browser);
    expect(stack.idp.stats.backchannelSuccess).toBe(before + 1);
    expect((await stack.call(browser, '/bff/user')).status).toBe(401);
    expect((await stack.call(browser, '/api/me')).status).toBe(401);
    // Bob's session, at another IdP session, is untouched.
    expect((await stack.call(other, '/bff/user')).status).toBe(200);
  });

  it('refuses a replayed logout token with 400', async () => {
    const browser = await stack.login();
    await signOutAtIdp(browser);
    const token = stack.backchannelTokens.at(-1)!;
    const replay = await post(token);
    expect(replay.status).toBe(400);
    expect(await readJson(replay)).toMatchObject({ error: 'invalid_logout_token' });
  });

  it('refuses a forged logout token (signed by another key) and keeps the session', async () => {
    const browser = await stack.login();
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      sub: 'alice',
      jti: crypto.randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt', kid: 'forged' })
      .setIssuer(stack.idp.issuer)
      .setAudience('cloakroom-bff')
      .setIssuedAt()
      .sign(privateKey);
    const response = await post(forged);
    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({ error: 'invalid_logout_token' });
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });

  it('refuses a request without a logout_token, or of the wrong type, with 400/415', async () => {
    const missing = await fetch(`${stack.bffUrl}/bff/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nothing=here',
    });
    expect(missing.status).toBe(400);
    const json = await fetch(`${stack.bffUrl}/bff/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('refuses a body over 16 KB with 413 without reading it all', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `logout_token=${'a'.repeat(20_000)}`,
    });
    expect(response.status).toBe(413);
  });

  it('ends the sessions when the IdP retries a logout token that first met a store failure (503)', async () => {
    const memory = createMemoryStore();
    let failNext = false;
    // The store fails the one destroy the first delivery asks for, as a Redis timeout would.
    const store: SessionStore = {
      ...memory,
      async destroyBySid(sid) {
        if (failNext) {
          failNext = false;
          throw new Error('store timeout');
        }
        return memory.destroyBySid(sid);
      },
    };
    const flaky = await startStack({ store });
    try {
      const browser = await flaky.login();
      failNext = true;
      await signOutAtIdp(browser, flaky.idp);
      const token = flaky.backchannelTokens.at(-1)!;
      // The IdP's own delivery met the failure: the session is still there.
      expect(failNext).toBe(false);
      expect((await flaky.call(browser, '/bff/user')).status).toBe(200);

      const retry = await post(token, flaky.bffUrl);
      expect(retry.status).toBe(200);
      expect((await flaky.call(browser, '/bff/user')).status).toBe(401);
      // Once it has done its work, the same token is a replay.
      const replay = await post(token, flaky.bffUrl);
      expect(replay.status).toBe(400);
      expect(await readJson(replay)).toMatchObject({ error: 'invalid_logout_token' });
    } finally {
      await flaky.close();
    }
  });
});
