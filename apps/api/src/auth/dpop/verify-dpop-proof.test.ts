import { createHash } from 'node:crypto';
import { createDpopKey, dpopProof, type DpopKey } from '@cloakroom/idp/testing';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api-error.ts';
import { verifyDpopProof, type DpopRequest } from './verify-dpop-proof.ts';

const URL_ = 'http://127.0.0.1:4001/notes';
const TOKEN = 'header.payload.signature';
const NOW = Date.UTC(2026, 11, 7, 7, 0, 0);
const nowSeconds = NOW / 1000;

const request = (proof: string | undefined, over: Partial<DpopRequest> = {}): DpopRequest => ({
  proof,
  method: 'POST',
  url: URL_,
  accessToken: TOKEN,
  now: NOW,
  ...over,
});

/** The refusal a proof gets: code, status, challenge and message. */
async function refusal(req: DpopRequest) {
  try {
    await verifyDpopProof(req);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return {
      code: err.code,
      status: err.status,
      challenge: err.headers['WWW-Authenticate'],
      message: err.message,
    };
  }
  throw new Error('the proof was accepted');
}

const refusedWith = (message: RegExp) => ({
  code: 'invalid_dpop_proof',
  status: 401,
  challenge: 'DPoP error="invalid_dpop_proof", algs="ES256 EdDSA Ed25519"',
  message: expect.stringMatching(message),
});

describe('verifyDpopProof', () => {
  let key: DpopKey;
  const proofBy = (k: DpopKey, over: Partial<Parameters<typeof dpopProof>[1]> = {}) =>
    dpopProof(k, { htm: 'POST', htu: URL_, accessToken: TOKEN, iat: nowSeconds, ...over });
  beforeAll(async () => {
    key = await createDpopKey('ES256');
  });

  it.each(['ES256', 'EdDSA'] as const)(
    'accepts a %s proof and answers its key thumbprint, jti and iat',
    async (alg) => {
      const own = await createDpopKey(alg);
      const verified = await verifyDpopProof(request(await proofBy(own, { jti: 'j-1' })));
      expect(verified).toEqual({ thumbprint: own.thumbprint, jti: 'j-1', iat: nowSeconds });
    },
  );

  it('answers the nonce the proof carries', async () => {
    const verified = await verifyDpopProof(request(await proofBy(key, { nonce: 'n-1' })));
    expect(verified.nonce).toBe('n-1');
  });

  it('refuses a request without a proof', async () => {
    expect(await refusal(request(undefined))).toEqual(refusedWith(/send a DPoP proof/));
  });

  it('refuses a proof that is not a JWT', async () => {
    expect(await refusal(request('not-a-jwt'))).toEqual(refusedWith(/not a JWT/));
  });

  it('refuses an over-long proof unread', async () => {
    expect(await refusal(request('a'.repeat(5000)))).toEqual(refusedWith(/too long/));
  });

  it('refuses a proof typed other than dpop+jwt', async () => {
    const proof = await proofBy(key, { header: { typ: 'JWT' } });
    expect(await refusal(request(proof))).toEqual(refusedWith(/"typ"/));
  });

  it('refuses alg none', async () => {
    const header = base64url.encode(
      JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: key.publicJwk }),
    );
    const payload = base64url.encode(
      JSON.stringify({ htm: 'POST', htu: URL_, iat: nowSeconds, jti: 'x' }),
    );
    expect(await refusal(request(`${header}.${payload}.`))).toEqual(refusedWith(/./));
  });

  it('refuses an HMAC proof', async () => {
    const proof = await new SignJWT({ htm: 'POST', htu: URL_, jti: 'x' })
      .setProtectedHeader({
        alg: 'HS256',
        typ: 'dpop+jwt',
        // A symmetric key in the header: jose's types forbid it, a forger's tools do not.
        jwk: { kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' } as { kty: string },
      })
      .setIssuedAt(nowSeconds)
      .sign(new TextEncoder().encode('secretsecretsecretsecretsecretse'));
    expect(await refusal(request(proof))).toEqual(refusedWith(/./));
  });

  it('refuses an RS256 proof (not an accepted alg)', async () => {
    const rsa = await generateKeyPair('RS256');
    const proof = await new SignJWT({ htm: 'POST', htu: URL_, jti: 'x' })
      .setProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt', jwk: await exportJWK(rsa.publicKey) })
      .setIssuedAt(nowSeconds)
      .sign(rsa.privateKey);
    expect(await refusal(request(proof))).toEqual(refusedWith(/alg is not accepted/));
  });

  it('refuses a proof whose jwk holds the private key', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = (await exportJWK(pair.privateKey)) as { kty: string };
    const proof = await new SignJWT({ htm: 'POST', htu: URL_, jti: 'x' })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk })
      .setIssuedAt(nowSeconds)
      .sign(pair.privateKey);
    expect(await refusal(request(proof))).toEqual(refusedWith(/public key/));
  });

  it('refuses a proof signed by another key than its jwk', async () => {
    const other = await createDpopKey('ES256');
    const proof = await proofBy(other, { header: { jwk: key.publicJwk } });
    expect(await refusal(request(proof))).toEqual(refusedWith(/signature/));
  });

  it('refuses a proof for another method (htm)', async () => {
    const proof = await proofBy(key, { htm: 'GET' });
    expect(await refusal(request(proof))).toEqual(refusedWith(/htm/));
  });

  it.each([
    ['another path', 'http://127.0.0.1:4001/me'],
    ['another port', 'http://127.0.0.1:4002/notes'],
    ['another host', 'http://localhost:4001/notes'],
    ['https', 'https://127.0.0.1:4001/notes'],
    ['user info', 'http://u@127.0.0.1:4001/notes'],
    ['not a URL', 'notes'],
  ])('refuses a proof for %s (htu)', async (_label, htu) => {
    const proof = await proofBy(key, { htu });
    expect(await refusal(request(proof))).toEqual(refusedWith(/htu/));
  });

  it.each([
    ['a query and a fragment', `${URL_}?a=1#f`],
    ['upper-case scheme and host', 'HTTP://127.0.0.1:4001/notes'],
  ])('accepts an htu that differs by %s', async (_label, htu) => {
    const proof = await proofBy(key, { htu });
    await expect(verifyDpopProof(request(proof))).resolves.toBeDefined();
  });

  it('accepts an htu with the default port spelled out', async () => {
    const proof = await proofBy(key, { htu: 'http://api.local:80/notes' });
    await expect(
      verifyDpopProof(request(proof, { url: 'http://api.local/notes' })),
    ).resolves.toBeDefined();
  });

  it('refuses a proof issued more than 60 s ago, and accepts one issued 60 s ago', async () => {
    const old = await proofBy(key, { iat: nowSeconds - 61 });
    expect(await refusal(request(old))).toEqual(refusedWith(/iat is too old/));
    const edge = await proofBy(key, { iat: nowSeconds - 60 });
    await expect(verifyDpopProof(request(edge))).resolves.toBeDefined();
  });

  it('refuses a proof issued more than 5 s in the future', async () => {
    const ahead = await proofBy(key, { iat: nowSeconds + 6 });
    expect(await refusal(request(ahead))).toEqual(refusedWith(/future/));
  });

  it('refuses a proof without ath, or whose ath is another token’s hash', async () => {
    const without = await dpopProof(key, { htm: 'POST', htu: URL_, iat: nowSeconds });
    expect(await refusal(request(without))).toEqual(refusedWith(/ath/));
    const other = await proofBy(key, { accessToken: 'another.token.value' });
    expect(await refusal(request(other))).toEqual(refusedWith(/ath/));
    // The hash is of the token as sent: base64url(SHA-256(token)).
    const right = await proofBy(key, {
      accessToken: undefined,
      claims: { ath: createHash('sha256').update(TOKEN).digest('base64url') },
    });
    await expect(verifyDpopProof(request(right))).resolves.toBeDefined();
  });

  it('refuses a proof with an empty or over-long jti', async () => {
    const empty = await proofBy(key, { jti: '' });
    expect(await refusal(request(empty))).toEqual(refusedWith(/jti/));
    const long = await proofBy(key, { jti: 'j'.repeat(257) });
    expect(await refusal(request(long))).toEqual(refusedWith(/jti/));
  });
});
