import { describe, expect, it } from 'vitest';
import { createSealer } from './sealer.ts';

describe('createSealer', () => {
  it('round-trips a value for the same context', () => {
    const sealer = createSealer(['s1'], 'session');
    const sealed = sealer.seal('{"token":"secret-value"}', 'ctx-a');
    expect(sealed).not.toContain('secret-value');
    expect(sealer.open(sealed, 'ctx-a')).toBe('{"token":"secret-value"}');
  });

  it('refuses a value sealed for another context (no swapping records between sessions)', () => {
    const sealer = createSealer(['s1'], 'session');
    expect(sealer.open(sealer.seal('x', 'ctx-a'), 'ctx-b')).toBeUndefined();
  });

  it('refuses a tampered value', () => {
    const sealer = createSealer(['s1'], 'session');
    const parts = sealer.seal('hello world', 'c').split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(sealer.open(parts.join('.'), 'c')).toBeUndefined();
  });

  it('decrypts with an older secret after rotation and encrypts with the newest', () => {
    const before = createSealer(['old'], 'session');
    const after = createSealer(['new', 'old'], 'session');
    const sealedBefore = before.seal('kept', 'c');
    expect(after.open(sealedBefore, 'c')).toBe('kept');
    expect(before.open(after.seal('fresh', 'c'), 'c')).toBeUndefined();
  });

  it('derives independent keys per purpose from one secret', () => {
    const sessions = createSealer(['s'], 'session');
    const logins = createSealer(['s'], 'login');
    expect(logins.open(sessions.seal('x', 'c'), 'c')).toBeUndefined();
  });

  it('answers undefined for garbage instead of throwing', () => {
    const sealer = createSealer(['s'], 'session');
    for (const junk of ['', 'v1', 'v1.a.b.c.d', 'v2.x.y.z.w', '....']) {
      expect(sealer.open(junk, 'c')).toBeUndefined();
    }
  });
});

describe('createSealer tag length', () => {
  it('refuses a value whose GCM tag was truncated (only 16-byte tags open)', () => {
    const sealer = createSealer(['s'], 'session');
    const parts = sealer.seal('secret', 'c').split('.');
    for (const bytes of [4, 8, 12, 15]) {
      const short = Buffer.from(parts[4]!, 'base64url').subarray(0, bytes).toString('base64url');
      expect(sealer.open([...parts.slice(0, 4), short].join('.'), 'c')).toBeUndefined();
    }
  });
});
