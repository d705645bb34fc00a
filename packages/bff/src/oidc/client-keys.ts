// The BFF's own keys for `private_key_jwt` client authentication (RFC 7523). Parsed with
// node:crypto, synchronously, so that createBff() validates them at construction and a bad key
// stops start-up with the other option problems.
import { jwkThumbprint } from '../crypto/jwk-thumbprint.ts';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
import type { CryptoKey as OpenIdCryptoKey } from 'openid-client';

/** A public JWK as `GET /bff/jwks` serves it. */
export type PublicJwk = JsonWebKey & { kid: string; alg: string; use: 'sig' };

/** A private key ready to sign client assertions. */
export interface SigningKey {
  /** openid-client's CryptoKey type (the DOM's or Node's, whichever the compilation sees). */
  key: OpenIdCryptoKey;
  kid: string;
  alg: string;
  /**
   * The thumbprints of the key's certificate, when its file holds one: Entra ID finds a client's
   * key by `x5t`/`x5t#S256` in the assertion's header, not by `kid`.
   */
  thumbprints?: { x5t: string; 'x5t#S256': string };
}

export interface ClientKeys {
  /** The newest key, which signs; undefined when no key is configured. */
  signing: SigningKey | undefined;
  /** Every key's public half, newest first. */
  jwks: { keys: PublicJwk[] };
}

type WebCryptoAlgorithm = Parameters<KeyObject['toCryptoKey']>[0];

/** The JWS algorithm each key type signs with, and its WebCrypto name. */
function algorithmOf(
  key: KeyObject,
  jwkAlg: unknown,
): { alg: string; webCrypto: WebCryptoAlgorithm } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    return jwkAlg === 'PS256'
      ? { alg: 'PS256', webCrypto: { name: 'RSA-PSS', hash: 'SHA-256' } }
      : { alg: 'RS256', webCrypto: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return { alg: 'ES256', webCrypto: { name: 'ECDSA', namedCurve: 'P-256' } };
  }
  if (type === 'ed25519') return { alg: 'EdDSA', webCrypto: { name: 'Ed25519' } };
  throw new TypeError(
    `a ${type ?? 'unknown'} key cannot sign client assertions (use RSA, EC P-256 or Ed25519)`,
  );
}

interface ParsedKey {
  privateKey: KeyObject;
  kid: string | undefined;
  jwkAlg: unknown;
  certificate?: X509Certificate;
}

/** A certificate in a PEM file beside the key, when it is the key's own. */
function certificateFor(pem: string, privateKey: KeyObject): X509Certificate | undefined {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) return undefined;
  const certificate = new X509Certificate(block);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new TypeError('the certificate in the file is not for its private key');
  }
  return certificate;
}

/** One configured text as the keys it holds: a PEM, a private JWK, or a JWKS of private JWKs. */
function parseText(text: string): ParsedKey[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const privateKey = createPrivateKey(trimmed);
    const certificate = certificateFor(trimmed, privateKey);
    return [
      { privateKey, kid: undefined, jwkAlg: undefined, ...(certificate ? { certificate } : {}) },
    ];
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new TypeError('a key that starts with { must be a JWK or a JWKS in JSON');
  }
  const jwks = Array.isArray((json as { keys?: unknown }).keys)
    ? ((json as { keys: unknown[] }).keys as JsonWebKey[])
    : [json as JsonWebKey];
  if (jwks.length === 0) throw new TypeError('the JWKS holds no key');
  return jwks.map((jwk) => {
    if (typeof jwk.d !== 'string')
      throw new TypeError('a JWK here must be a private key (with "d")');
    return {
      privateKey: createPrivateKey({ key: jwk, format: 'jwk' }),
      kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
      jwkAlg: (jwk as { alg?: unknown }).alg,
    };
  });
}

/** Why `text` is not a usable client key, in words without the key; undefined when it is. */
export function clientKeyProblem(text: string): string | undefined {
  try {
    for (const parsed of parseText(text)) algorithmOf(parsed.privateKey, parsed.jwkAlg);
    return undefined;
  } catch (error) {
    // node:crypto's own messages name the format problem and never echo the key material.
    const reason = error instanceof Error ? error.message : 'unreadable';
    return `not a usable private key (PEM PKCS#8, JWK or JWKS): ${reason}`;
  }
}

/**
 * Loads the configured keys, newest first. Call with texts that {@link clientKeyProblem} passed.
 *
 * @example
 * const keys = loadClientKeys([readFileSync('bff-key.pem', 'utf8')]);
 * keys.jwks; // { keys: [{ kty: 'EC', kid: '...', alg: 'ES256', use: 'sig', ... }] }
 */
export function loadClientKeys(texts: readonly string[]): ClientKeys {
  const loaded = texts.flatMap(parseText).map(({ privateKey, kid, jwkAlg, certificate }) => {
    const { alg, webCrypto } = algorithmOf(privateKey, jwkAlg);
    const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
    const id = kid ?? jwkThumbprint(publicJwk);
    const thumbprints = certificate && {
      x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
      'x5t#S256': createHash('sha256').update(certificate.raw).digest('base64url'),
    };
    return {
      signing: {
        key: privateKey.toCryptoKey(webCrypto, false, ['sign']) as OpenIdCryptoKey,
        kid: id,
        alg,
        ...(thumbprints ? { thumbprints } : {}),
      },
      publicJwk: { ...publicJwk, kid: id, alg, use: 'sig' as const, ...thumbprints },
    };
  });
  return { signing: loaded[0]?.signing, jwks: { keys: loaded.map((key) => key.publicJwk) } };
}
