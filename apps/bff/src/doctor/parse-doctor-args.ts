import { parseArgs } from 'node:util';

export interface DoctorArgs {
  issuer: string | undefined;
  json: boolean;
  help: boolean;
}

export const doctorUsage = `usage: pnpm doctor [--issuer <url>] [--json]
       cloakroom-server doctor [--issuer <url>] [--json]

Reads the IdP's discovery document and JWKS (no login) and says what will and will not work
for the client configured by the environment (OIDC_CLIENT_AUTH, OIDC_SCOPE, OIDC_PAR, ...).

  --issuer <url>  the IdP to check (default: OIDC_ISSUER, else http://127.0.0.1:4000)
  --json          print the findings as JSON
  --help          print this

Exit codes: 0 every must-have is there, 1 one is missing or the IdP cannot be reached,
2 bad arguments.
`;

/**
 * Parses the doctor's flags; a bad flag is a TypeError naming it.
 *
 * @example
 * parseDoctorArgs(['--issuer=https://idp.example', '--json']); // { issuer: 'https://idp.example', json: true, help: false }
 */
export function parseDoctorArgs(argv: string[]): DoctorArgs {
  // `pnpm doctor -- --issuer x` passes the `--` on; it separates nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  // parseArgs throws a TypeError naming the unknown option or the missing value.
  const { values } = parseArgs({
    args,
    options: {
      issuer: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  return { issuer: values.issuer, json: values.json ?? false, help: values.help ?? false };
}

/**
 * An issuer the doctor can fetch from: an absolute http(s) URL.
 *
 * @example
 * isIssuerUrl('https://idp.example'); // true
 */
export function isIssuerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}
