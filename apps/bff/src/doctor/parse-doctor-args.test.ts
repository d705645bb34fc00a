import { describe, expect, it } from 'vitest';
import { isIssuerUrl, parseDoctorArgs } from './parse-doctor-args.ts';

describe('parseDoctorArgs', () => {
  it('reads --issuer <url>, --issuer=<url> and --json', () => {
    expect(parseDoctorArgs(['--issuer', 'https://a.example'])).toEqual({
      issuer: 'https://a.example',
      json: false,
      help: false,
    });
    expect(parseDoctorArgs(['--issuer=https://b.example', '--json'])).toMatchObject({
      issuer: 'https://b.example',
      json: true,
    });
  });

  it('leaves the issuer to the environment when no flag is given', () => {
    expect(parseDoctorArgs([])).toEqual({ issuer: undefined, json: false, help: false });
  });

  it('ignores the leading -- that `pnpm doctor -- …` passes on', () => {
    expect(parseDoctorArgs(['--', '--help'])).toMatchObject({ help: true });
  });

  it.each([[['--isuer', 'x']], [['--issuer']], [['https://a.example']]])(
    'refuses %j with a TypeError naming the problem',
    (argv) => {
      expect(() => parseDoctorArgs(argv)).toThrow(TypeError);
    },
  );
});

describe('isIssuerUrl', () => {
  it('accepts absolute http(s) URLs only', () => {
    expect(isIssuerUrl('https://idp.example/tenant')).toBe(true);
    expect(isIssuerUrl('http://127.0.0.1:4000')).toBe(true);
    expect(isIssuerUrl('idp.example')).toBe(false);
    expect(isIssuerUrl('file:///etc/passwd')).toBe(false);
  });
});
