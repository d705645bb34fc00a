import { checkIdp } from './checks.ts';
import { doctorClientConfig } from './client-config.ts';
import { fetchIdp } from './fetch-idp.ts';
import { doctorUsage, isIssuerUrl, parseDoctorArgs, type DoctorArgs } from './parse-doctor-args.ts';
import { formatJsonReport, formatReport } from './report.ts';

export interface DoctorIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: DoctorIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * `pnpm doctor` without the process: returns the exit code (0 fine, 1 a must-have missing or
 * the IdP unreachable, 2 bad arguments). `env` supplies the client configuration.
 *
 * @example
 * process.exitCode = await runDoctor(['--issuer', 'https://idp.example'], process.env);
 */
export async function runDoctor(
  argv: string[],
  env: Record<string, string | undefined>,
  io: DoctorIo = processIo,
): Promise<number> {
  let args: DoctorArgs;
  try {
    args = parseDoctorArgs(argv);
  } catch (error) {
    io.err(`cloakroom doctor: ${(error as Error).message}\n\n${doctorUsage}`);
    return 2;
  }
  if (args.help) {
    io.out(doctorUsage);
    return 0;
  }
  const config = doctorClientConfig(env, args.issuer);
  if (!isIssuerUrl(config.issuer)) {
    const source = args.issuer === undefined ? 'OIDC_ISSUER' : '--issuer';
    io.err(`cloakroom doctor: ${source} must be an http(s) URL\n\n${doctorUsage}`);
    return 2;
  }
  const findings = checkIdp(await fetchIdp(config.issuer), config);
  io.out((args.json ? formatJsonReport : formatReport)(config.issuer, findings));
  return findings.some((finding) => finding.level === 'fail') ? 1 : 0;
}
