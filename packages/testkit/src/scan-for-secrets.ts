/**
 * Finds secrets in text a user or attacker could see (a response body, a header, a log line):
 * any of the given known secret values, or anything shaped like a JWT.
 */
export function scanForSecrets(text: string, knownSecrets: readonly string[] = []): string[] {
  const findings: string[] = [];
  for (const secret of knownSecrets) {
    if (secret.length >= 8 && text.includes(secret))
      findings.push(`known secret ${secret.slice(0, 6)}…`);
  }
  const jwt = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
  for (const match of text.matchAll(jwt)) findings.push(`JWT-shaped ${match[0].slice(0, 12)}…`);
  return findings;
}
