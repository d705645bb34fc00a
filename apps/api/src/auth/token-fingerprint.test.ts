import { describe, expect, it } from 'vitest';
import { tokenFingerprint } from './token-fingerprint.ts';

describe('tokenFingerprint', () => {
  it('is the first 12 hex digits of the SHA-256 of the token', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(tokenFingerprint('abc')).toBe('ba7816bf8f01');
  });

  it('tells two tokens apart and never contains the token', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';
    expect(tokenFingerprint(token)).not.toBe(tokenFingerprint(`${token}x`));
    expect(tokenFingerprint(token)).toMatch(/^[0-9a-f]{12}$/);
    expect(token).not.toContain(tokenFingerprint(token));
  });
});
