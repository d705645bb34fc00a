import { protocolClaims } from '../oidc/protocol-claims.ts';

/**
 * `auth_time` only when it names a moment: some IdPs send `0` for "unknown", which the SPA would
 * read as 1970.
 */
const meaningful = (name: string, value: unknown) =>
  name !== 'auth_time' || (typeof value === 'number' && value > 0);

/** The user's claims as the SPA may see them. */
export function visibleClaims(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(claims).filter(
      ([name, value]) => !protocolClaims.has(name) && meaningful(name, value),
    ),
  );
}
