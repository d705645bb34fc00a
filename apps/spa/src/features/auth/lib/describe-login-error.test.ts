import { describe, expect, test } from 'vitest';
import { describeLoginError } from './describe-login-error.ts';

describe('describeLoginError', () => {
  test.each([
    [
      'access_denied',
      'Sign-in was cancelled, so you are not signed in. Sign in whenever you are ready.',
    ],
    [
      'consent_required',
      'The sign-in service needs your permission for this application first. Sign in to give it.',
    ],
    ['login_required', 'You are not signed in at the sign-in service. Sign in to continue.'],
    ['interaction_required', 'You are not signed in at the sign-in service. Sign in to continue.'],
    ['idp_unavailable', 'The sign-in service is not reachable right now. Try again in a moment.'],
    [
      'temporarily_unavailable',
      'The sign-in service is not reachable right now. Try again in a moment.',
    ],
    [
      'login_transaction_missing',
      'This sign-in attempt expired or was already used (going back to it does that). Try again.',
    ],
    [
      'unauthorized_client',
      "The identity provider did not accept this application's credentials — an administrator should check the client settings.",
    ],
    [
      'insufficient_user_authentication',
      'The sign-in did not reach the level this action needs (such as the one-time code). Try again.',
    ],
    ['login_failed', 'Sign-in did not complete. The identity provider refused it. Try again.'],
  ])('says what happened for %s', (code, sentence) => {
    expect(describeLoginError({ code })).toBe(sentence);
  });

  test('an unknown code gets the generic sentence, never the value itself', () => {
    for (const code of ['<img src=x onerror=alert(1)>', 'constructor', 'toString', 'csrf', '']) {
      expect(describeLoginError({ code })).toBe('Sign-in did not complete. Try again.');
    }
  });
});
