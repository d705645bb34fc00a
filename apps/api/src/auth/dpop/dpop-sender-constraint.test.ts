import { createDpopKey, dpopProof, type DpopKey } from '@cloakroom/idp/testing';
import type { Context } from 'koa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api-error.ts';
import type { Principal } from '../verify-access-token.ts';
import { createDpopNonces } from './dpop-nonces.ts';
import { dpopSenderConstraint, type AuthorizationScheme } from './dpop-sender-constraint.ts';

const HOST = '127.0.0.1:4001';
const TOKEN = 'the.access.token';

const principal = (cnf?: unknown): Principal => ({
  sub: 'alice',
  scope: '',
  audience: 'api',
  tokenFingerprint: 'f',
  expiresAt: 0,
  claims: { sub: 'alice', ...(cnf === undefined ? {} : { cnf }) },
});

/** Just what the constraint reads and writes of a Koa context. */
function fakeContext(headers: Record<string, string>, method = 'GET', path = '/me') {
  const set: Record<string, string> = {};
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ctx = {
    method,
    path,
    get: (name: string) => lower[name.toLowerCase()] ?? '',
    set: (name: string, value: string) => {
      set[name] = value;
    },
  } as unknown as Context;
  return { ctx, set };
}

async function outcome(promise: Promise<void>) {
  try {
    await promise;
    return 'admitted';
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { code: err.code, status: err.status, headers: err.headers };
  }
}

describe('dpopSenderConstraint', () => {
  let key: DpopKey;
  const proof = (over: Partial<Parameters<typeof dpopProof>[1]> = {}, k = key) =>
    dpopProof(k, { htm: 'GET', htu: `http://${HOST}/me`, accessToken: TOKEN, ...over });
  const run = (
    check: ReturnType<typeof dpopSenderConstraint>,
    scheme: AuthorizationScheme,
    headers: Record<string, string>,
    cnf?: unknown,
  ) => {
    const { ctx, set } = fakeContext({ host: HOST, ...headers });
    return { result: outcome(check(ctx, scheme, TOKEN, principal(cnf))), set };
  };
  beforeAll(async () => {
    key = await createDpopKey('ES256');
  });

  it('admits an unbound token sent as Bearer', async () => {
    expect(await run(dpopSenderConstraint(), 'bearer', {}).result).toBe('admitted');
  });

  it('refuses a bound token sent as Bearer: invalid_token with a Bearer and a DPoP challenge', async () => {
    const { result } = run(dpopSenderConstraint(), 'bearer', {}, { jkt: key.thumbprint });
    expect(await result).toEqual({
      code: 'invalid_token',
      status: 401,
      headers: {
        'WWW-Authenticate': ['Bearer error="invalid_token"', 'DPoP algs="ES256 EdDSA Ed25519"'],
      },
    });
  });

  it('refuses as Bearer a token bound some other way (cnf without jkt)', async () => {
    const { result } = run(dpopSenderConstraint(), 'bearer', {}, { 'x5t#S256': 'abc' });
    expect(await result).toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it('admits a bound token with a proof by its key', async () => {
    const { result } = run(
      dpopSenderConstraint(),
      'dpop',
      { dpop: await proof() },
      { jkt: key.thumbprint },
    );
    expect(await result).toBe('admitted');
  });

  it('refuses a bound token with a proof by another key (cnf.jkt ≠ thumbprint)', async () => {
    const other = await createDpopKey('EdDSA');
    const { result } = run(
      dpopSenderConstraint(),
      'dpop',
      { dpop: await proof({}, other) },
      { jkt: key.thumbprint },
    );
    expect(await result).toEqual({
      code: 'invalid_token',
      status: 401,
      headers: { 'WWW-Authenticate': 'DPoP error="invalid_token", algs="ES256 EdDSA Ed25519"' },
    });
  });

  it('refuses an unbound token under the DPoP scheme', async () => {
    const { result } = run(dpopSenderConstraint(), 'dpop', { dpop: await proof() });
    expect(await result).toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it('refuses a replayed proof, even on another instance of the request', async () => {
    const check = dpopSenderConstraint();
    const dpop = await proof();
    expect(await run(check, 'dpop', { dpop }, { jkt: key.thumbprint }).result).toBe('admitted');
    expect(await run(check, 'dpop', { dpop }, { jkt: key.thumbprint }).result).toEqual({
      code: 'invalid_dpop_proof',
      status: 401,
      headers: {
        'WWW-Authenticate': 'DPoP error="invalid_dpop_proof", algs="ES256 EdDSA Ed25519"',
      },
    });
  });

  it('does not remember a refused proof: fixed and resent with the same jti, it passes', async () => {
    const check = dpopSenderConstraint();
    const wrongPath = await proof({ jti: 'same', htu: `http://${HOST}/notes` });
    expect(await run(check, 'dpop', { dpop: wrongPath }, { jkt: key.thumbprint }).result).toEqual(
      expect.objectContaining({ code: 'invalid_dpop_proof' }),
    );
    const fixed = await proof({ jti: 'same' });
    expect(await run(check, 'dpop', { dpop: fixed }, { jkt: key.thumbprint }).result).toBe(
      'admitted',
    );
  });

  it('checks htu against the Host header the request came with', async () => {
    const check = dpopSenderConstraint();
    const { ctx } = fakeContext({ host: 'localhost:4001', dpop: await proof() });
    expect(await outcome(check(ctx, 'dpop', TOKEN, principal({ jkt: key.thumbprint })))).toEqual(
      expect.objectContaining({ code: 'invalid_dpop_proof' }),
    );
  });

  describe('with nonces required', () => {
    let now = Date.now();
    const clock = () => now;
    // Proofs made at the fake clock's time, so only the nonce decides.
    const iat = () => Math.floor(now / 1000);

    it('challenges a proof without a nonce: 401 use_dpop_nonce and DPoP-Nonce; retried with it, it passes', async () => {
      const check = dpopSenderConstraint({ nonce: true, now: clock });
      const bound = { jkt: key.thumbprint };
      const first = await run(check, 'dpop', { dpop: await proof({ iat: iat() }) }, bound).result;
      expect(first).toEqual({
        code: 'use_dpop_nonce',
        status: 401,
        headers: {
          'WWW-Authenticate': 'DPoP error="use_dpop_nonce", algs="ES256 EdDSA Ed25519"',
          'DPoP-Nonce': expect.stringMatching(/^[\w-]{43}$/),
        },
      });
      const nonce = (first as { headers: Record<string, string> }).headers['DPoP-Nonce'];
      const retried = run(check, 'dpop', { dpop: await proof({ nonce, iat: iat() }) }, bound);
      expect(await retried.result).toBe('admitted');
      expect(retried.set).toEqual({});
    });

    it('accepts the previous step’s nonce and hands out the current one; refuses an older one', async () => {
      const nonces = createDpopNonces({ stepSeconds: 300, now: clock });
      const check = dpopSenderConstraint({ nonce: true, nonces, now: clock });
      const bound = { jkt: key.thumbprint };
      const old = nonces.current();
      now += 300_000;
      const previous = run(check, 'dpop', { dpop: await proof({ nonce: old, iat: iat() }) }, bound);
      expect(await previous.result).toBe('admitted');
      expect(previous.set).toEqual({ 'DPoP-Nonce': nonces.current() });
      now += 300_000;
      const stale = await run(
        check,
        'dpop',
        { dpop: await proof({ nonce: old, iat: iat() }) },
        bound,
      ).result;
      expect(stale).toMatchObject({ code: 'use_dpop_nonce', status: 401 });
    });

    it('refuses a nonce it never issued', async () => {
      const check = dpopSenderConstraint({ nonce: true, now: clock });
      const forged = await proof({ nonce: 'n'.repeat(43), iat: iat() });
      expect(
        await run(check, 'dpop', { dpop: forged }, { jkt: key.thumbprint }).result,
      ).toMatchObject({ code: 'use_dpop_nonce' });
    });
  });
});
