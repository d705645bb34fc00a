/** ID token claims that describe the protocol, not the user: the SPA has no use for them. */
const protocolClaims = new Set([
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
]);

/** The user's claims as the SPA may see them. */
export function visibleClaims(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !protocolClaims.has(name)));
}
