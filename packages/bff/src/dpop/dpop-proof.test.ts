import { createHash } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { newDpopKey, sharedDpopKey } from './dpop-key.ts';
import { dpopProof } from './dpop-proof.ts';

const { key } = newDpopKey();
const verify = async (proof: string) => {
  const header = decodeProtectedHeader(proof);
  const publicKey = await importJWK(header.jwk as JWK, 'EdDSA');
  return { header, ...(await jwtVerify(proof, publicKey, { typ: 'dpop+jwt' })) };
};

describe('dpopProof', () => {
  it('makes an RFC 9449 proof: typ dpop+jwt, EdDSA, the public key only, htm, htu, iat, a fresh jti and ath', async () => {
    const proof = dpopProof(
      key,
      { htm: 'GET', htu: 'http://api:8080/notes', accessToken: 'AT' },
      1_700_000_000,
    );
    const { header, payload } = await verify(proof);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'EdDSA', jwk: key.publicJwk });
    expect(header.jwk).not.toHaveProperty('d');
    expect(payload).toMatchObject({
      htm: 'GET',
      htu: 'http://api:8080/notes',
      iat: 1_700_000_000,
      ath: createHash('sha256').update('AT').digest('base64url'),
    });
    expect(payload.jti).toMatch(/^[\w-]{23,}$/);
    expect(payload).not.toHaveProperty('nonce');
  });

  it('gives every proof its own jti, and carries the server’s nonce when given', async () => {
    const claims = { htm: 'POST', htu: 'http://api/x', accessToken: 'AT', nonce: 'n-1' };
    const [a, b] = [dpopProof(key, claims, 1), dpopProof(key, claims, 1)];
    const [pa, pb] = [(await verify(a)).payload, (await verify(b)).payload];
    expect(pa.jti).not.toBe(pb.jti);
    expect(pa.nonce).toBe('n-1');
  });

  it('hashes each token it is given: a proof for another token has another ath', async () => {
    const one = (
      await verify(dpopProof(key, { htm: 'GET', htu: 'http://a/', accessToken: 'one' }, 1))
    ).payload;
    const two = (
      await verify(dpopProof(key, { htm: 'GET', htu: 'http://a/', accessToken: 'two' }, 1))
    ).payload;
    expect(one.ath).not.toBe(two.ath);
    expect(two.ath).toBe(createHash('sha256').update('two').digest('base64url'));
  });
});

describe('DPoP keys', () => {
  it('names a key by its RFC 7638 thumbprint, as a bound token’s cnf.jkt does', async () => {
    expect(key.jkt).toBe(await calculateJwkThumbprint(key.publicJwk as JWK));
  });

  it('derives the same client key on every instance with the same secret, another with another', () => {
    expect(sharedDpopKey('secret-one-0123456789').jkt).toBe(
      sharedDpopKey('secret-one-0123456789').jkt,
    );
    expect(sharedDpopKey('secret-one-0123456789').jkt).not.toBe(
      sharedDpopKey('secret-two-0123456789').jkt,
    );
  });
});
