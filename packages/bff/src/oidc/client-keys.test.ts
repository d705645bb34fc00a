import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compactVerify, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { clientKeyProblem, loadClientKeys } from './client-keys.ts';

const pem = (type: 'rsa' | 'ec' | 'ed25519') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519')
  ).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

describe('client keys for private_key_jwt', () => {
  it('reads PEM and JWK keys, newest first, each published with its algorithm and a thumbprint kid', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    });
    const keys = loadClientKeys([
      pem('rsa'),
      JSON.stringify({ ...jwk, kid: 'older' }),
      pem('ed25519'),
    ]);
    expect(keys.jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
      ['OKP', 'EdDSA', 'sig'],
    ]);
    expect(keys.jwks.keys[1]!.kid).toBe('older');
    expect(keys.jwks.keys[0]!.kid).toMatch(/^[\w-]{43}$/);
    expect(keys.signing).toMatchObject({ alg: 'RS256', kid: keys.jwks.keys[0]!.kid });
  });

  it('publishes only public halves', () => {
    const keys = loadClientKeys([pem('rsa'), pem('ec')]);
    for (const key of keys.jwks.keys) {
      expect(Object.keys(key)).not.toContain('d');
      expect(Object.keys(key)).not.toContain('p');
    }
  });

  it('signs with the newest key, verifiable by the published JWK', async () => {
    const keys = loadClientKeys([pem('ec'), pem('rsa')]);
    const token = await new SignJWT({ sub: 'client' })
      .setProtectedHeader({ alg: keys.signing!.alg, kid: keys.signing!.kid })
      .sign(keys.signing!.key);
    const verified = await compactVerify(token, await importJWK(keys.jwks.keys[0]!, 'ES256'));
    expect(verified.protectedHeader.kid).toBe(keys.jwks.keys[0]!.kid);
  });

  it('reads a JWKS of private keys in its order', () => {
    const a = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const b = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const keys = loadClientKeys([
      JSON.stringify({
        keys: [
          { ...a, kid: 'a' },
          { ...b, kid: 'b' },
        ],
      }),
    ]);
    expect(keys.jwks.keys.map((key) => key.kid)).toEqual(['a', 'b']);
  });

  it('names what is wrong with a key that cannot sign, without repeating it', () => {
    const publicOnly = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(clientKeyProblem(JSON.stringify(publicOnly))).toMatch(/private key \(with "d"\)/);
    expect(clientKeyProblem('not a key at all')).toMatch(/not a usable private key/);
    expect(clientKeyProblem('not a key at all')).not.toContain('not a key at all');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    }) as string;
    expect(clientKeyProblem(p384)).toMatch(/RSA, EC P-256 or Ed25519/);
    expect(clientKeyProblem(pem('rsa'))).toBeUndefined();
  });
});

describe('client keys with a certificate (Entra ID finds keys by thumbprint)', () => {
  it('reads a certificate beside the key and names its x5t and x5t#S256', () => {
    const { keyPem, certPem } = selfSignedCertificate();
    const keys = loadClientKeys([`${keyPem}\n${certPem}`]);
    const der = new X509Certificate(certPem).raw;
    expect(keys.signing?.thumbprints).toEqual({
      x5t: createHash('sha1').update(der).digest('base64url'),
      'x5t#S256': createHash('sha256').update(der).digest('base64url'),
    });
    expect(keys.jwks.keys[0]).toMatchObject({ x5t: keys.signing?.thumbprints?.x5t });
  });

  it('refuses a certificate that belongs to another key', () => {
    const { certPem } = selfSignedCertificate();
    expect(clientKeyProblem(`${pem('rsa')}\n${certPem}`)).toMatch(/not for its private key/);
  });
});

/**
 * A test-only EC key and its self-signed certificate (made once with openssl, valid 100 years):
 * committed, so the test needs no openssl. It protects nothing.
 */
function selfSignedCertificate(): { keyPem: string; certPem: string } {
  const text = readFileSync(
    new URL('fixtures/test-only-key-and-certificate.pem', import.meta.url),
    'utf8',
  );
  const certStart = text.indexOf('-----BEGIN CERTIFICATE-----');
  return { keyPem: text.slice(0, certStart), certPem: text.slice(certStart) };
}
