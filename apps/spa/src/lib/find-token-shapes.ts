/**
 * What "token-shaped" means on the Security and APIs pages: a JWT/JWS/JWE (base64url JSON header
 * `eyJ…` and dot-separated parts), an OAuth token field name, or a session cookie by name.
 * Findings show only a prefix: even a demo should not print a secret in full.
 */
const patterns: Array<{ label: string; pattern: RegExp }> = [
  { label: 'JWT-shaped string', pattern: /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g },
  { label: 'token field name', pattern: /\b(?:access_token|refresh_token|id_token)\b/gi },
  { label: 'session cookie name', pattern: /__(?:Host|Secure)-[\w.-]+/g },
];

/**
 * Every token-shaped thing in `text`, described with a short excerpt.
 *
 * @example
 * ```ts
 * findTokenShapes('{"access_token":"eyJhbGciOi.eyJzdWIiOi.sig"}');
 * // ['JWT-shaped string "eyJhbGciOi.eyJzd…"', 'token field name "access_token"']
 * ```
 */
export function findTokenShapes(text: string): string[] {
  const findings: string[] = [];
  for (const { label, pattern } of patterns) {
    for (const [match] of text.matchAll(pattern)) {
      const excerpt = match.length > 16 ? `${match.slice(0, 16)}…` : match;
      findings.push(`${label} "${excerpt}"`);
    }
  }
  return findings;
}
