import { describe, expect, it } from 'vitest';
import { parseLoginPrompt } from './login-prompt.ts';

describe('parseLoginPrompt', () => {
  it('answers undefined without a prompt, so the IdP decides', () => {
    expect(parseLoginPrompt(undefined)).toBeUndefined();
  });

  it.each(['none', 'login', 'consent', 'select_account'])('accepts %s', (prompt) => {
    expect(parseLoginPrompt(prompt)).toBe(prompt);
  });

  it.each([
    ['an empty value', ''],
    ['an unknown value', 'create'],
    ['none combined with another value', 'none login'],
    ['another case', 'NONE'],
    ['a repeated parameter', ['none', 'none']],
    ['a value with a control character', 'none\n'],
  ])('refuses %s with invalid_prompt', (_, raw) => {
    expect(() => parseLoginPrompt(raw)).toThrow(
      expect.objectContaining({ code: 'invalid_prompt', status: 400 }),
    );
  });
});
