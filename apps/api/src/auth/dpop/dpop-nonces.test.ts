import { describe, expect, it } from 'vitest';
import { createDpopNonces } from './dpop-nonces.ts';

describe('createDpopNonces', () => {
  it('accepts the current and the previous step’s nonce, not older ones', () => {
    let now = 1_000 * 300_000;
    const nonces = createDpopNonces({ stepSeconds: 300, now: () => now });
    const first = nonces.current();
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(nonces.accepts(first)).toBe(true);
    now += 300_000;
    const second = nonces.current();
    expect(second).not.toBe(first);
    expect(nonces.accepts(first)).toBe(true);
    expect(nonces.accepts(second)).toBe(true);
    now += 300_000;
    expect(nonces.accepts(first)).toBe(false);
    expect(nonces.accepts(second)).toBe(true);
  });

  it('refuses a nonce made with another secret, and garbage', () => {
    const now = () => 42_000_000;
    const ours = createDpopNonces({ now });
    const theirs = createDpopNonces({ now });
    expect(ours.accepts(theirs.current())).toBe(false);
    expect(ours.accepts('')).toBe(false);
    expect(ours.accepts('x'.repeat(43))).toBe(false);
  });

  it('gives the same nonce for the same step and secret (stateless: instances agree)', () => {
    const secret = Buffer.alloc(32, 7);
    const now = () => 42_000_000;
    expect(createDpopNonces({ secret, now }).current()).toBe(
      createDpopNonces({ secret, now }).current(),
    );
  });
});
