import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for what the BFF keeps: token sets at rest in the
 * session store, and login transactions in their short-lived cookie.
 *
 * Keys are derived with HKDF from each configured secret and a purpose label, so one
 * `SESSION_SECRET` yields independent keys per use. Several secrets rotate: the first (newest)
 * encrypts, every one decrypts, and each sealed value names its key by a short `kid`.
 * The caller's `context` is bound as additional authenticated data: a value sealed for one
 * session id (or login state) cannot be replayed under another.
 *
 * Format: `v1.<kid>.<iv>.<ciphertext>.<tag>`, each part base64url. node:crypto is used directly
 * rather than JWE because this runs on every proxied request and is synchronous this way.
 */
export interface Sealer {
  seal(plaintext: string, context: string): string;
  /** Returns undefined for anything that does not decrypt and authenticate. */
  open(sealed: string, context: string): string | undefined;
}

interface DerivedKey {
  kid: string;
  /** A KeyObject made once: passing a Buffer makes Node build one on every call. */
  key: KeyObject;
}

/**
 * @example
 * const sealer = createSealer(['newest-secret', 'previous-secret'], 'session');
 * const sealed = sealer.seal('{"a":1}', sessionKey);
 * sealer.open(sealed, sessionKey); // '{"a":1}'
 */
export function createSealer(secrets: readonly string[], purpose: string): Sealer {
  if (secrets.length === 0) throw new TypeError('createSealer needs at least one secret');
  const keys = secrets.map((secret) => deriveKey(secret, purpose));
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const current = keys[0] as DerivedKey;

  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        current.kid,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') return undefined;
      const [, kid, iv, ciphertext, tag] = parts as [string, string, string, string, string];
      const key = byKid.get(kid);
      if (!key) return undefined;
      try {
        // A tag shorter than 16 bytes would make forgery cheaper; Node still accepts one unless
        // told the length (DEP0182), so the length is fixed here.
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: 16,
        });
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function deriveKey(secret: string, purpose: string): DerivedKey {
  const raw = Buffer.from(hkdfSync('sha256', secret, 'cloakroom', `cloakroom ${purpose} v1`, 32));
  const kid = createHash('sha256').update(raw).digest('base64url').slice(0, 8);
  return { kid, key: createSecretKey(raw) };
}
