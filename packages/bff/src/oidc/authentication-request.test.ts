import { describe, expect, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { authenticationParams, parseAuthenticationRequest } from './authentication-request.ts';
import { checkAuthenticationLevel } from './check-authentication-level.ts';

const MFA = 'urn:cloakroom:acr:mfa';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof BffError ? error.code : 'not a BffError';
  }
};

describe('parseAuthenticationRequest', () => {
  it('reads acr_values and max_age, and turns them into authorization parameters', () => {
    const request = parseAuthenticationRequest({ acr_values: `${MFA} gold`, max_age: '300' });
    expect(request).toEqual({ acrValues: `${MFA} gold`, maxAge: 300 });
    expect(authenticationParams(request)).toEqual({ acr_values: `${MFA} gold`, max_age: '300' });
    expect(parseAuthenticationRequest({ max_age: '0' })).toEqual({ maxAge: 0 });
  });

  it('treats absent or empty parameters as not asked', () => {
    expect(parseAuthenticationRequest({})).toEqual({});
    expect(parseAuthenticationRequest({ acr_values: '', max_age: '' })).toEqual({});
    expect(authenticationParams({})).toEqual({});
  });

  it.each([
    ['a repeated parameter', ['a', 'b']],
    ['a double space', 'a  b'],
    ['a leading space', ' a'],
    ['a quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['a control character', 'a\nb'],
    ['a non-ASCII character', 'ä'],
    ['eleven values', Array.from({ length: 11 }, (_, i) => `v${i}`).join(' ')],
    ['more than 512 characters', `${'a'.repeat(256)} ${'b'.repeat(256)}`],
  ])('refuses acr_values with %s: 400 invalid_acr_values', (_name, value) => {
    expect(codeOf(() => parseAuthenticationRequest({ acr_values: value }))).toBe(
      'invalid_acr_values',
    );
  });

  it.each([['-1'], ['1.5'], ['1e3'], ['01'], [' 5'], ['abc'], ['31622401'], [['1', '2']]])(
    'refuses max_age %j: 400 invalid_max_age',
    (value) => {
      expect(codeOf(() => parseAuthenticationRequest({ max_age: value }))).toBe('invalid_max_age');
    },
  );
});

describe('checkAuthenticationLevel', () => {
  const now = 1_800_000_000;

  it('accepts an acr among the requested ones, and a recent enough auth_time', () => {
    expect(
      codeOf(() =>
        checkAuthenticationLevel(
          { acr: MFA, auth_time: now - 100 },
          { acrValues: `urn:x:gold ${MFA}`, maxAge: 60 },
          now,
          40,
        ),
      ),
    ).toBeUndefined();
    expect(codeOf(() => checkAuthenticationLevel({}, {}, now, 0))).toBeUndefined();
  });

  it.each([
    ['no acr', {}, { acrValues: MFA }],
    ['another acr', { acr: 'urn:cloakroom:acr:password' }, { acrValues: MFA }],
    [
      'an acr that only starts like a requested one',
      { acr: 'urn:cloakroom:acr' },
      { acrValues: MFA },
    ],
    ['no auth_time with max_age', { acr: MFA }, { maxAge: 300 }],
    ['an auth_time that is a string', { auth_time: String(now) }, { maxAge: 300 }],
    ['an auth_time too long ago', { auth_time: now - 331 }, { maxAge: 300 }],
  ])('refuses %s: insufficient_user_authentication', (_name, claims, request) => {
    expect(codeOf(() => checkAuthenticationLevel(claims, request, now, 30))).toBe(
      'insufficient_user_authentication',
    );
  });
});
