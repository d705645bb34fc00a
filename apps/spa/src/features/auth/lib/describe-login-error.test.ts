import { describe, expect, test } from 'vitest';
import { describeLoginError } from './describe-login-error.ts';

describe('describeLoginError', () => {
  test.each([
    [
      { code: 'idp_unavailable' },
      'The sign-in service is not reachable right now. Try again in a moment.',
    ],
    [
      { code: 'login_transaction_missing' },
      'The sign-in took too long or was started in another tab. Try again.',
    ],
    [
      { code: 'insufficient_user_authentication' },
      'The sign-in did not reach the level this action needs (such as the one-time code). Try again.',
    ],
    [
      { code: 'login_failed', detail: 'access_denied' },
      'Sign-in did not complete. You declined the sign-in.',
    ],
    [
      { code: 'login_failed', detail: 'invalid_client' },
      "Sign-in did not complete. The identity provider did not accept this application's credentials — an administrator should check the client settings.",
    ],
    [
      { code: 'login_failed', detail: 'unauthorized_client' },
      "Sign-in did not complete. The identity provider did not accept this application's credentials — an administrator should check the client settings.",
    ],
    [
      { code: 'login_failed', detail: 'login_required' },
      'Sign-in did not complete. The identity provider needs you to sign in on its own page first.',
    ],
  ])('says what happened for %o', (error, sentence) => {
    expect(describeLoginError(error)).toBe(sentence);
  });

  test('login_failed without a known detail still says the sign-in did not complete', () => {
    for (const detail of [undefined, 'made_up', 'toString', '__proto__']) {
      expect(describeLoginError({ code: 'login_failed', detail })).toBe(
        'Sign-in did not complete. The identity provider refused it. Try again.',
      );
    }
  });

  test('an unknown code gets the generic sentence, never the value itself', () => {
    for (const code of ['<img src=x onerror=alert(1)>', 'constructor', 'csrf', '']) {
      const sentence = describeLoginError({ code, detail: '<b>bold</b>' });
      expect(sentence).toBe('Sign-in did not complete. Try again.');
    }
  });
});
