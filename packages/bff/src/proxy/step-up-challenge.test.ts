import { describe, expect, it } from 'vitest';
import { parseChallenges } from './parse-challenges.ts';
import { readStepUp } from './step-up-challenge.ts';

const MFA = 'urn:cloakroom:acr:mfa';

describe('parseChallenges', () => {
  it('reads several challenges with quoted and token parameters', () => {
    expect(
      parseChallenges(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      ),
    ).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ]);
  });

  it('keeps commas and equals signs inside quoted strings', () => {
    expect(parseChallenges('Bearer error_description="a, b=c", error = "x"')).toEqual([
      { scheme: 'bearer', params: { error_description: 'a, b=c', error: 'x' } },
    ]);
  });

  it('reads token68 and bare schemes, and several header lines', () => {
    expect(parseChallenges(['Negotiate abc+/==', 'NTLM, Bearer'])).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'ntlm', params: {} },
      { scheme: 'bearer', params: {} },
    ]);
  });

  it.each([
    ['an unterminated quote', 'Bearer error="insufficient_user_authentication'],
    ['a parameter without a value', 'Bearer error="a", realm='],
    ['a repeated parameter', 'Bearer error="a", error="b"'],
    ['garbage after a value', 'Bearer error="a" b'],
    ['a stray character', 'Bearer @'],
    ['a trailing escape', 'Bearer error="a\\'],
  ])('refuses %s', (_name, header) => {
    expect(parseChallenges(header)).toBeUndefined();
  });
});

describe('readStepUp', () => {
  it("reads the sample API's challenge", () => {
    expect(
      readStepUp(`Bearer error="insufficient_user_authentication", acr_values="${MFA}"`),
    ).toEqual({ acrValues: MFA });
  });

  it('reads max_age, quoted or not, and several acr values', () => {
    expect(
      readStepUp(
        `Bearer realm="api", error="insufficient_user_authentication", acr_values="${MFA} urn:x:gold", max_age=300`,
      ),
    ).toEqual({ acrValues: `${MFA} urn:x:gold`, maxAge: 300 });
    expect(readStepUp('Bearer error="insufficient_user_authentication", max_age="0"')).toEqual({
      acrValues: '',
      maxAge: 0,
    });
  });

  it('finds the step-up challenge among others, in any header line, DPoP too', () => {
    expect(
      readStepUp([
        'Basic realm="x"',
        `DPoP algs="ES256", error="insufficient_user_authentication", acr_values="${MFA}"`,
      ]),
    ).toEqual({ acrValues: MFA });
  });

  it.each([
    ['no header', undefined],
    ['another error', 'Bearer error="invalid_token"'],
    [
      'the error inside another parameter',
      `Bearer error_description="insufficient_user_authentication", acr_values="${MFA}"`,
    ],
    ['another scheme', `Basic error="insufficient_user_authentication", acr_values="${MFA}"`],
    ['neither acr_values nor max_age', 'Bearer error="insufficient_user_authentication"'],
    ['an unparsable header', `Bearer error="insufficient_user_authentication", acr_values="${MFA}`],
    [
      'acr_values the login would refuse',
      'Bearer error="insufficient_user_authentication", acr_values="a  b"',
    ],
    ['a negative max_age', 'Bearer error="insufficient_user_authentication", max_age=-1'],
    ['a huge max_age', 'Bearer error="insufficient_user_authentication", max_age=99999999999'],
  ])('passes %s through (undefined)', (_name, header) => {
    expect(readStepUp(header)).toBeUndefined();
  });
});
