import { describe, expect, it } from 'vitest';
import { verifyPassword } from './accounts.ts';

describe('verifyPassword', () => {
  it('accepts the contract users with their passwords', () => {
    expect(verifyPassword('alice', 'alice-pw')).toBe('alice');
    expect(verifyPassword('bob', 'bob-pw')).toBe('bob');
  });

  it("rejects a wrong password, another user's password, and unknown users", () => {
    expect(verifyPassword('alice', 'alice')).toBeUndefined();
    expect(verifyPassword('alice', 'bob-pw')).toBeUndefined();
    expect(verifyPassword('mallory', 'alice-pw')).toBeUndefined();
    expect(verifyPassword('', '')).toBeUndefined();
  });
});
