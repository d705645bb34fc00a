import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { HttpBrowser, listenOnLoopback, scanForSecrets } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { startEchoUpstream } from './support/echo-upstream.ts';

// DPoP (RFC 9449) from the BFF's side: the session's own key binds its tokens at the dev IdP
// (oidc-provider binds every token requested with a proof), and every upstream call carries a
// fresh proof for that request and token. The upstream here only records what it got; the
// sample API's own checks are tested in apps/api.

const billing = 'urn:cloakroom:billing';
const minutes = (n: number) => n * 60_000;

/** An upstream that wants a DPoP nonce: a proof without the current one gets a challenge. */
async function startNonceUpstream() {
  const seen: Array<{ nonce: unknown; status: number }> = [];
  const server = await listenOnLoopback();
  server.attach((req, res) => {
    const proof = String(req.headers.dpop ?? '');
    const nonce = proof ? decodeJwt(proof).nonce : undefined;
    if (nonce !== 'upstream-nonce-1') {
      seen.push({ nonce, status: 401 });
      res.writeHead(401, {
        'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="nonce required"',
        'dpop-nonce': 'upstream-nonce-1',
        'content-type': 'application/json',
      });
      res.end('{"error":"use_dpop_nonce"}');
      return;
    }
    seen.push({ nonce, status: 200 });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  return { url: `http://127.0.0.1:${server.port}`, seen, close: server.close };
}

/** The proof and token an upstream received, checked as a resource server would. */
async function checkProof(headers: IncomingHttpHeaders, method: string, htu: string) {
  const [scheme, token] = String(headers.authorization).split(' ');
  const proof = String(headers.dpop);
  const header = decodeProtectedHeader(proof);
  const { payload } = await jwtVerify(proof, await importJWK(header.jwk as JWK, 'EdDSA'), {
    typ: 'dpop+jwt',
  });
  const claims = decodeJwt(token!) as { cnf?: { jkt?: string }; sub?: string };
  expect(scheme).toBe('DPoP');
  expect(payload).toMatchObject({
    htm: method,
    htu,
    ath: createHash('sha256').update(token!).digest('base64url'),
  });
  expect(claims.cnf?.jkt).toBe(await calculateJwkThumbprint(header.jwk as JWK));
  return { jkt: claims.cnf!.jkt!, jti: payload.jti as string, sub: claims.sub, token: token! };
}

describe('DPoP through the BFF (OIDC_DPOP)', () => {
  const echo = useRunning(startEchoUpstream);
  const nonceUpstream = useRunning(startNonceUpstream);
  const secondNonceUpstream = useRunning(startNonceUpstream);
  const stack = useStack(() => ({
    fakeClock: true,
    idpResources: [billing],
    bffOptions: {
      dpop: true,
      routes: [
        { path: '/api', upstream: '{api}' },
        { path: '/api/echo', upstream: `${echo.url}/echo`, token: 'user' as const },
        {
          path: '/api/billing-echo',
          upstream: `${echo.url}/billing`,
          token: 'user' as const,
          resource: billing,
        },
        {
          path: '/api/service',
          upstream: `${echo.url}/service`,
          token: 'client' as const,
          resource: billing,
        },
        { path: '/api/nonce', upstream: nonceUpstream.url, token: 'user' as const },
        { path: '/api/nonce-two', upstream: secondNonceUpstream.url, token: 'user' as const },
      ],
    },
  }));
  const last = () => echo.seen.at(-1)!;

  it('sends the upstream a DPoP-bound token with a fresh proof for that very request', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/echo/notes?x=1')).status).toBe(200);
    const first = await checkProof(last().headers, 'GET', `${echo.url}/echo/notes`);
    expect(first.sub).toBe('alice');
    expect(
      (
        await stack.call(browser, '/api/echo/notes', {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    const second = await checkProof(last().headers, 'POST', `${echo.url}/echo/notes`);
    expect(second.jkt).toBe(first.jkt);
    expect(second.jti).not.toBe(first.jti);
  });

  it('gives each session its own key', async () => {
    const [alice, bob] = [
      await stack.login(),
      await stack.login({ login: 'bob', password: 'bob-pw' }),
    ];
    await stack.call(alice, '/api/echo/x');
    const a = await checkProof(last().headers, 'GET', `${echo.url}/echo/x`);
    await stack.call(bob, '/api/echo/x');
    const b = await checkProof(last().headers, 'GET', `${echo.url}/echo/x`);
    expect(a.jkt).not.toBe(b.jkt);
  });

  it('keeps the binding through a refresh, and for a per-resource token', async () => {
    const browser = await stack.login();
    await stack.call(browser, '/api/echo/x');
    const before = await checkProof(last().headers, 'GET', `${echo.url}/echo/x`);
    stack.advance(minutes(5) + 1_000);
    await stack.call(browser, '/api/echo/x');
    const after = await checkProof(last().headers, 'GET', `${echo.url}/echo/x`);
    expect(after.token).not.toBe(before.token);
    expect(after.jkt).toBe(before.jkt);
    await stack.call(browser, '/api/billing-echo/y');
    const resource = await checkProof(last().headers, 'GET', `${echo.url}/billing/y`);
    expect(resource.jkt).toBe(before.jkt);
    expect(decodeJwt(resource.token).aud).toBe(billing);
  });

  it('binds client-credentials tokens to the key every instance derives, and proves them too', async () => {
    expect((await stack.call(new HttpBrowser(), '/api/service/z')).status).toBe(200);
    const proven = await checkProof(last().headers, 'GET', `${echo.url}/service/z`);
    expect(proven.sub).toBe('cloakroom-bff');
  });

  it('answers an upstream’s nonce challenge by sending a body-less request once more, with the nonce', async () => {
    const browser = await stack.login();
    const before = nonceUpstream.seen.length;
    const response = await stack.call(browser, '/api/nonce/a');
    expect(response.status).toBe(200);
    expect(nonceUpstream.seen.slice(before).map((s) => s.status)).toEqual([401, 200]);
    // Later proofs carry the nonce from the start.
    expect((await stack.call(browser, '/api/nonce/b')).status).toBe(200);
    expect(nonceUpstream.seen.slice(before + 2)).toEqual([
      { nonce: 'upstream-nonce-1', status: 200 },
    ]);
  });

  it('does not send a request with a body twice: the upstream’s challenge reaches the SPA as it was', async () => {
    const browser = await stack.login();
    const before = secondNonceUpstream.seen.length;
    const response = await stack.call(browser, '/api/nonce-two/c', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(secondNonceUpstream.seen.length - before).toBe(1);
    // The nonce is learnt from the challenge: the next call carries it at once.
    expect((await stack.call(browser, '/api/nonce-two/d')).status).toBe(200);
    expect(secondNonceUpstream.seen.length - before).toBe(2);
  });

  it('never lets a proof, a key or a token reach the browser or the log', async () => {
    const browser = await stack.login();
    // The nonce upstream answers `{"ok":true}`: an echo would send the request back by design.
    const response = await stack.call(browser, '/api/nonce/leak-check');
    const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
    expect(scanForSecrets(text)).toEqual([]);
    expect(scanForSecrets(stack.logLines.join('\n'))).toEqual([]);
  });
});

describe('DPoP end to end: the dev IdP and the sample API, both asking for nonces', () => {
  // Real time here: the API checks each proof's iat against its own clock. A 4 s token is
  // renewed once less than 2 s remain (half its lifetime).
  const stack = useStack({
    accessTokenTtlSeconds: 4,
    dpopNonce: true,
    apiDpopNonce: true,
    apis: [{ name: 'billing', audience: billing }],
    bffOptions: {
      dpop: true,
      routes: [
        { path: '/api', upstream: '{api}' },
        { path: '/api/billing', upstream: '{api:billing}', resource: billing },
        {
          path: '/api/billing-service',
          upstream: '{api:billing}',
          token: 'client' as const,
          resource: billing,
        },
      ],
    },
  });
  const grants = () => ({ ...stack.idp.stats.grants });

  it('logs in through the IdP’s nonce challenge and calls the API, which checks every proof', async () => {
    const browser = await stack.login();
    const me = await stack.call(browser, '/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'alice', aud: 'api' });
    // A second call proves with the API's nonce from the start.
    expect((await stack.call(browser, '/api/notes')).status).toBe(200);
  });

  it('refreshes (IdP nonce) and gets a resource token and a client token the billing API accepts', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    const before = grants();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    expect((await stack.call(browser, '/api/billing/me')).status).toBe(200);
    expect((await stack.call(new HttpBrowser(), '/api/billing-service/me')).status).toBe(200);
    expect((stack.idp.stats.grants.refresh_token ?? 0) - (before.refresh_token ?? 0)).toBe(2);
    expect(stack.idp.stats.grantErrors.invalid_grant ?? 0).toBe(0);
  });
});
