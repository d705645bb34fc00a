import type { ResourceAccessToken, SessionData, TokenSet } from '../session/session-data.ts';

/** An access token as the renewal rule reads it. */
export interface HeldToken {
  accessToken: string;
  expiresAt: number;
  obtainedAt?: number | undefined;
  tokenType?: 'DPoP' | undefined;
}

/**
 * The access token a session holds in `slot` (see `tokenSlot`): the login's own for `''`, else
 * the per-resource one, or undefined when it has none yet.
 *
 * @example
 * sessionToken(session, '')?.accessToken; // the login's access token
 */
export function sessionToken(
  session: Pick<SessionData, 'tokens' | 'resourceTokens'>,
  slot: string,
): HeldToken | undefined {
  if (slot !== '') return session.resourceTokens?.[slot];
  const { tokens } = session;
  return {
    accessToken: tokens.accessToken,
    expiresAt: tokens.accessTokenExpiresAt,
    obtainedAt: tokens.accessTokenObtainedAt,
    tokenType: tokens.tokenType,
  };
}

/**
 * The session after a refresh grant for `slot`: the rotated refresh token (and any new ID token)
 * replace the session's, and the access token lands in its slot; every other slot is kept, since
 * rotating a refresh token does not revoke access tokens already issued.
 *
 * @example
 * const next = withSessionToken(session, 'urn:billing billing', await oidc.refresh(tokens, request));
 */
export function withSessionToken<S extends Pick<SessionData, 'tokens' | 'resourceTokens'>>(
  session: S,
  slot: string,
  granted: TokenSet,
): S {
  const tokens: TokenSet = {
    ...session.tokens,
    refreshToken: granted.refreshToken ?? session.tokens.refreshToken,
    idToken: granted.idToken ?? session.tokens.idToken,
  };
  if (slot === '') {
    return {
      ...session,
      tokens: {
        ...tokens,
        accessToken: granted.accessToken,
        accessTokenExpiresAt: granted.accessTokenExpiresAt,
        accessTokenObtainedAt: granted.accessTokenObtainedAt,
        scope: granted.scope ?? session.tokens.scope,
        tokenType: granted.tokenType,
      },
    };
  }
  const entry: ResourceAccessToken = {
    accessToken: granted.accessToken,
    expiresAt: granted.accessTokenExpiresAt,
    obtainedAt: granted.accessTokenObtainedAt,
    scope: granted.scope,
    tokenType: granted.tokenType,
  };
  return { ...session, tokens, resourceTokens: { ...session.resourceTokens, [slot]: entry } };
}
