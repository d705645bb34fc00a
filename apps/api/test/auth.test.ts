import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';
import { startTokenIssuer, type TokenIssuer } from './support/token-issuer.ts';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The contract's 401: status, challenge header, and the stable JSON error. */
const invalidToken = (message: RegExp = /./) => ({
  status: 401,
  challenge: 'Bearer error="invalid_token"',
  body: { error: 'invalid_token', message: expect.stringMatching(message) },
});

describe('bearer token verification', () => {
  let idp: TokenIssuer;
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    idp = await startTokenIssuer();
    api = await startApi({ issuer: idp.issuer });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  /** What the API answered, reduced to what a 401 must show. */
  async function answerTo(init: Parameters<typeof call>[2]) {
    const answer = await call(api.url, '/me', init);
    return {
      status: answer.status,
      challenge: answer.headers.get('www-authenticate'),
      body: answer.body,
    };
  }

  it('answers GET /me with the caller and which token it was (keys found by discovery)', async () => {
    const token = await idp.sign({ exp: 1_999_999_999 });
    const answer = await call(api.url, '/me', { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sub: 'alice',
      scope: 'openid notes:read',
      aud: 'api',
      clientId: 'cloakroom-bff',
      tokenFingerprint: createHash('sha256').update(token).digest('hex').slice(0, 12),
      tokenExpiresAt: 1_999_999_999,
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers GET /me without clientId and with an empty scope for a token without them', async () => {
    const answer = await call(api.url, '/me', {
      token: await idp.sign({ client_id: undefined, scope: undefined }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('clientId');
    expect(answer.body).toMatchObject({ sub: 'alice', scope: '', aud: 'api' });
  });

  it('refuses a request without an Authorization header', async () => {
    expect(await answerTo({})).toMatchObject(invalidToken(/Bearer/));
  });

  it('refuses other schemes and malformed headers', async () => {
    expect(await answerTo({ authorization: `Basic ${btoa('alice:alice-pw')}` })).toMatchObject(
      invalidToken(),
    );
    expect(await answerTo({ authorization: 'Bearer' })).toMatchObject(invalidToken());
    expect(await answerTo({ authorization: 'Bearer a b' })).toMatchObject(invalidToken());
    expect(await answerTo({ token: 'not-a-jwt' })).toMatchObject(invalidToken());
  });

  it('refuses a token for another audience', async () => {
    expect(await answerTo({ token: await idp.sign({ aud: 'other-api' }) })).toMatchObject(
      invalidToken(/"aud"/),
    );
  });

  it('refuses a token from another issuer', async () => {
    expect(await answerTo({ token: await idp.sign({ iss: 'http://127.0.0.1:1' }) })).toMatchObject(
      invalidToken(/"iss"/),
    );
  });

  it('refuses an expired token', async () => {
    expect(await answerTo({ token: await idp.sign({}, { expiresIn: -10 }) })).toMatchObject(
      invalidToken(/expired/),
    );
  });

  it('refuses a token that is not valid yet', async () => {
    expect(await answerTo({ token: await idp.sign({}, { notBefore: 60 }) })).toMatchObject(
      invalidToken(/"nbf"/),
    );
  });

  it('refuses a token whose signature does not verify', async () => {
    expect(await answerTo({ token: await idp.sign({}, { forged: true }) })).toMatchObject(
      invalidToken(/signature/),
    );
    const [header, payload, signature = ''] = (await idp.sign()).split('.');
    const tampered = b64({
      ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
      sub: 'bob',
    });
    expect(await answerTo({ token: `${header}.${tampered}.${signature}` })).toMatchObject(
      invalidToken(/signature/),
    );
  });

  it('refuses alg "none"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({
      iss: idp.issuer,
      aud: 'api',
      sub: 'alice',
      iat: now,
      exp: now + 60,
    })}.`;
    expect(await answerTo({ token: unsigned })).toMatchObject(invalidToken());
  });

  it('refuses an HMAC token (no symmetric algorithms accepted)', async () => {
    const { SignJWT } = await import('jose');
    const hs = await new SignJWT({ sub: 'alice', aud: 'api', iss: idp.issuer })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'test-key' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await answerTo({ token: hs })).toMatchObject(invalidToken(/alg/));
  });

  it('refuses a JWT that is not an access token (typ other than at+jwt, e.g. an id_token)', async () => {
    expect(await answerTo({ token: await idp.sign({}, { typ: 'JWT' }) })).toMatchObject(
      invalidToken(/"typ"/),
    );
  });

  it('refuses a token without sub', async () => {
    expect(await answerTo({ token: await idp.sign({ sub: undefined }) })).toMatchObject(
      invalidToken(),
    );
  });

  it('answers 401, not 404, for unknown routes without a token', async () => {
    expect(await answerTo({})).toMatchObject(invalidToken());
    const answer = await call(api.url, '/nope');
    expect(answer.status).toBe(401);
  });
});

describe('when the IdP keys cannot be fetched', () => {
  it('answers 503 jwks_unavailable, then recovers once the IdP answers', async () => {
    const idp = await startTokenIssuer();
    const api = await startApi({ issuer: idp.issuer });
    try {
      const token = await idp.sign();
      idp.status = 500;
      const failing = await call(api.url, '/me', { token });
      expect(failing.status).toBe(503);
      expect(failing.body).toMatchObject({ error: 'jwks_unavailable' });
      expect(failing.headers.get('www-authenticate')).toBeNull();

      idp.status = 200;
      expect((await call(api.url, '/me', { token })).status).toBe(200);
    } finally {
      await api.close();
      await idp.close();
    }
  });

  it('answers 503 when the issuer is not listening at all', async () => {
    const idp = await startTokenIssuer();
    const token = await idp.sign();
    await idp.close();
    const api = await startApi({ issuer: idp.issuer, jwksUri: `${idp.issuer}/keys` });
    try {
      const answer = await call(api.url, '/me', { token });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: 'jwks_unavailable', message: expect.any(String) });
    } finally {
      await api.close();
    }
  });
});
