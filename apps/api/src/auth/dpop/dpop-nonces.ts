// Server-issued DPoP nonces (RFC 9449 §9) without state: a nonce is an HMAC of the current time
// step under a secret made at start. The current and the previous step's nonces pass, so a
// nonce lives between one and two steps; a restart (new secret) asks every client for a new one.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Options of {@link createDpopNonces}. */
export interface DpopNoncesOptions {
  /** Length of a time step in seconds. Default 300. */
  stepSeconds?: number;
  /** Default 32 random bytes. */
  secret?: Buffer;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Issues and checks nonces. */
export interface DpopNonces {
  /** The nonce of the current step: what a challenge hands out. */
  current(): string;
  /** Whether `nonce` is the current or the previous step's. */
  accepts(nonce: string): boolean;
}

/**
 * Rotating, stateless DPoP nonces.
 *
 * @example
 * ```ts
 * const nonces = createDpopNonces();
 * if (!proof.nonce || !nonces.accepts(proof.nonce)) throw useDpopNonce(nonces.current(), '...');
 * ```
 */
export function createDpopNonces(options: DpopNoncesOptions = {}): DpopNonces {
  const stepMs = (options.stepSeconds ?? 300) * 1000;
  const secret = options.secret ?? randomBytes(32);
  const now = options.now ?? Date.now;
  if (!(stepMs >= 1000)) throw new TypeError('stepSeconds: expected at least 1');
  const nonceOf = (step: number) =>
    createHmac('sha256', secret).update(`dpop-nonce:${step}`).digest('base64url');
  const step = () => Math.floor(now() / stepMs);
  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    current: () => nonceOf(step()),
    accepts(nonce) {
      const current = step();
      return same(nonce, nonceOf(current)) || same(nonce, nonceOf(current - 1));
    },
  };
}
