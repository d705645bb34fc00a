/** ID token claims that describe the protocol, not the user: the SPA has no use for them. */
export const protocolClaims: ReadonlySet<string> = new Set([
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

/**
 * Claims only a signed ID token may set: the userinfo answer is not signed, so a `sid` (which
 * back-channel logout matches), an `iss`, or the authentication's `acr`, `amr` and `auth_time`
 * are never taken from it.
 */
export const idTokenOnlyClaims: ReadonlySet<string> = new Set([
  ...protocolClaims,
  'acr',
  'amr',
  'auth_time',
]);
