import type { Finding } from './finding.ts';

const marks: Record<Finding['level'], string> = { ok: '✔', warn: '!', fail: '✖' };

/**
 * The human report: a header, one line per finding, then a summary naming each missing
 * must-have by its id.
 *
 * @example
 * process.stdout.write(formatReport('http://127.0.0.1:4000', findings));
 */
export function formatReport(issuer: string, findings: Finding[]): string {
  const failed = findings.filter((finding) => finding.level === 'fail').map(({ id }) => id);
  const warnings = findings.filter((finding) => finding.level === 'warn').length;
  const lines = [
    `cloakroom doctor: ${issuer}`,
    ...findings.map((finding) => `${marks[finding.level]} ${finding.text}`),
    '',
    failed.length > 0
      ? `✖ ${failed.length} must-have${failed.length === 1 ? '' : 's'} missing: ${failed.join(', ')}`
      : `✔ every must-have is there; ${warnings} warning${warnings === 1 ? '' : 's'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The `--json` report, for scripts: `ok` is false exactly when the exit code is 1.
 *
 * @example
 * JSON.parse(formatJsonReport(issuer, findings)).ok; // true
 */
export function formatJsonReport(issuer: string, findings: Finding[]): string {
  const ok = findings.every((finding) => finding.level !== 'fail');
  return `${JSON.stringify({ issuer, ok, findings }, null, 2)}\n`;
}
