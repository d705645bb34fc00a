import { describe, expect, it } from 'vitest';
import { fail, ok, warn } from './finding.ts';
import { formatJsonReport, formatReport } from './report.ts';

describe('formatReport', () => {
  it('prints one marked line per finding and a summary of warnings when nothing fails', () => {
    expect(
      formatReport('https://idp.example', [
        ok('pkce_s256', 'PKCE S256: supported'),
        warn('revocation', 'revocation: none'),
      ]),
    ).toBe(
      'cloakroom doctor: https://idp.example\n✔ PKCE S256: supported\n! revocation: none\n\n✔ every must-have is there; 1 warning\n',
    );
  });

  it('names each missing must-have in the summary', () => {
    const text = formatReport('https://idp.example', [
      fail('pkce_s256', 'PKCE S256: missing'),
      fail('jwks_uri', 'jwks_uri: missing'),
    ]);
    expect(text).toContain('✖ PKCE S256: missing\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ 2 must-haves missing: pkce_s256, jwks_uri');
  });
});

describe('formatJsonReport', () => {
  it('says ok: false exactly when a finding fails', () => {
    const findings = [ok('a', 'a'), warn('b', 'b')];
    expect(JSON.parse(formatJsonReport('https://i', findings))).toEqual({
      issuer: 'https://i',
      ok: true,
      findings,
    });
    expect(JSON.parse(formatJsonReport('https://i', [fail('c', 'c')])).ok).toBe(false);
  });
});
