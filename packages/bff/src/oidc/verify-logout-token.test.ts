import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyLogoutToken } from './verify-logout-token.ts';

const issuer = 'http://127.0.0.1:4000';
const clientId = 'cloakroom-bff';
const eventName = 'http://schemas.openid.net/event/backchannel-logout';
const event = { [eventName]: {} };
let keys: ReturnType<typeof createLocalJWKSet>;
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let privateKey: PrivateKey;
let otherKey: PrivateKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  keys = createLocalJWKSet({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }],
  });
});

async function sign(
  claims: JWTPayload,
  options: { key?: PrivateKey; typ?: string | null; iat?: number } = {},
): Promise<string> {
  const header: { alg: string; kid: string; typ?: string } = { alg: 'RS256', kid: 'k1' };
  if (options.typ !== null) header.typ = options.typ ?? 'logout+jwt';
  const payload = {
    iss: issuer,
    aud: clientId,
    events: event,
    sid: 'S1',
    sub: 'alice',
    jti: crypto.randomUUID(),
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader(header)
    .setIssuedAt(options.iat)
    .sign(options.key ?? privateKey);
}

const verify = (token: string) => verifyLogoutToken(token, { keys, issuer, clientId });

describe('verifyLogoutToken', () => {
  it('accepts a valid token and names the sid to log out', async () => {
    const result = await verify(await sign({}));
    expect(result).toMatchObject({ ok: true, target: { sid: 'S1', sub: 'alice' } });
  });

  it('accepts a token with only sub (log out every session of that user)', async () => {
    const result = await verify(await sign({ sid: undefined }));
    expect(result).toMatchObject({ ok: true, target: { sub: 'alice' } });
  });

  it('accepts a token without typ', async () => {
    expect((await verify(await sign({}, { typ: null }))).ok).toBe(true);
  });

  it.each(['JWT', 'jwt', 'application/jwt', 'application/logout+jwt'])(
    'accepts a token typed %s (as many IdPs send it)',
    async (typ) => {
      expect(await verify(await sign({}, { typ }))).toMatchObject({ ok: true });
    },
  );

  it('accepts an iat a little in the future only within the configured clock tolerance', async () => {
    const token = await sign({}, { iat: Math.floor(Date.now() / 1000) + 20 });
    const withTolerance = (clockToleranceSeconds: number) =>
      verifyLogoutToken(token, { keys, issuer, clientId, clockToleranceSeconds });
    expect(await withTolerance(30)).toMatchObject({ ok: true });
    expect(await withTolerance(5)).toEqual({ ok: false, problem: 'claims' });
  });

  it('checks a tenant template issuer against the tenant the token names', async () => {
    const template = 'http://127.0.0.1:4000/{tenantid}/v2.0';
    const byTenant = (token: string) =>
      verifyLogoutToken(token, {
        keys,
        clientId,
        issuer: async (claims) => template.replace('{tenantid}', String(claims.tid)),
      });
    const tenantIssuer = 'http://127.0.0.1:4000/t1/v2.0';
    expect(await byTenant(await sign({ iss: tenantIssuer, tid: 't1' }))).toMatchObject({
      ok: true,
    });
    expect(await byTenant(await sign({ iss: tenantIssuer, tid: 't2' }))).toEqual({
      ok: false,
      problem: 'claims',
    });
  });

  it.each([
    ['a forged signature (another key)', () => sign({}, { key: otherKey }), 'signature'],
    ['a wrong audience', () => sign({ aud: 'someone-else' }), 'claims'],
    ['a wrong issuer', () => sign({ iss: 'http://evil.example' }), 'claims'],
    ['an old iat', () => sign({}, { iat: Math.floor(Date.now() / 1000) - 3600 }), 'claims'],
    ['no events claim', () => sign({ events: undefined }), 'events'],
    ['the wrong event', () => sign({ events: { 'urn:other': {} } }), 'events'],
    ['events null', () => sign({ events: null }), 'events'],
    ['events an empty array', () => sign({ events: [] }), 'events'],
    ['the back-channel event null', () => sign({ events: { [eventName]: null } }), 'events'],
    ['the back-channel event an array', () => sign({ events: { [eventName]: [] } }), 'events'],
    ['events an array holding the member', () => sign({ events: [event] }), 'events'],
    ['a numeric sid (never falls back to sub)', () => sign({ sid: 42 }), 'sid or sub'],
    ['an object sid (never falls back to sub)', () => sign({ sid: { a: 1 } }), 'sid or sub'],
    ['an empty sid (never falls back to sub)', () => sign({ sid: '' }), 'sid or sub'],
    [
      'a numeric sub and no sid',
      () => sign({ sid: undefined, sub: 7 as unknown as string }),
      'sid or sub',
    ],
    ['a nonce (an ID token passed off as a logout token)', () => sign({ nonce: 'n' }), 'nonce'],
    ['neither sid nor sub', () => sign({ sid: undefined, sub: undefined }), 'sid or sub'],
    ['an ID token typ', () => sign({}, { typ: 'JWT+ID' }), 'typ'],
    ['an access token typ', () => sign({}, { typ: 'at+jwt' }), 'typ'],
    ['a DPoP proof typ', () => sign({}, { typ: 'dpop+jwt' }), 'typ'],
    ['no jti', () => sign({ jti: undefined }), 'claims'],
    ['garbage', async () => 'not.a.jwt', 'malformed'],
  ])('refuses %s', async (_name, make, problem) => {
    expect(await verify(await make())).toEqual({ ok: false, problem });
  });
});
