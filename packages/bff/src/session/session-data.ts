import type { Context } from 'koa';
import type { StoredDpopKey } from '../dpop/dpop-key.ts';
import { storeKey } from './store-key.ts';

/** The tokens of one login. They live only here, sealed in the session store. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  /** Unix epoch ms at which the access token expires. */
  accessTokenExpiresAt: number;
  /** Unix epoch ms at which the access token was obtained (absent in sessions made before 0.2). */
  accessTokenObtainedAt?: number | undefined;
  scope?: string | undefined;
  /** `DPoP` when the access token is bound to the session's DPoP key; absent for Bearer. */
  tokenType?: 'DPoP' | undefined;
}

/**
 * An access token the session holds besides the login's: one per RFC 8707 resource (and scope)
 * that a route asks for, obtained with the session's one refresh token.
 */
export interface ResourceAccessToken {
  accessToken: string;
  /** Unix epoch ms. */
  expiresAt: number;
  /** Unix epoch ms. */
  obtainedAt?: number | undefined;
  scope?: string | undefined;
  /** `DPoP` when bound to a DPoP key; absent for Bearer. */
  tokenType?: 'DPoP' | undefined;
}

/** What one session holds: who logged in, what the SPA may see, and the tokens. */
export interface SessionData {
  sub: string;
  sid?: string | undefined;
  /** ID token claims the SPA may read (protocol claims removed). */
  claims: Record<string, unknown>;
  tokens: TokenSet;
  /** Per-resource access tokens, by token slot (see `tokens/token-slot.ts`). */
  resourceTokens?: Record<string, ResourceAccessToken> | undefined;
  /**
   * The RFC 8707 resources the login's authorization request named: the only ones its refresh
   * token may be used for (an IdP answers another with `invalid_target`, after spending it).
   */
  grantedResources?: string[] | undefined;
  /** The session's DPoP private key (with `OIDC_DPOP`), sealed with the rest. */
  dpopKey?: StoredDpopKey | undefined;
  /** Unix epoch ms of the login. */
  createdAt: number;
  /** Unix epoch ms of the last recorded use (updated at most once a minute). */
  lastSeenAt: number;
  /**
   * The `User-Agent` the browser sent to the login's callback (at most 512 characters), shown in
   * the user's list of sessions; absent in sessions made before 0.3.
   */
  userAgent?: string | undefined;
}

/**
 * The logged-in session of this request, or undefined. koa-session loads it; this is the one
 * typed accessor the endpoints use instead of poking at `ctx.session`.
 */
export function currentSession(ctx: Context): LoadedSession | undefined {
  const cached = (ctx.state as Record<symbol, LoadedSession | undefined>)[loadedKey];
  if (
    cached &&
    ctx.session &&
    (ctx.session as { externalKey?: string }).externalKey === cached.sessionId
  ) {
    return cached;
  }
  const session = ctx.session as (Partial<SessionData> & { externalKey?: string }) | null;
  if (!session || typeof session.sub !== 'string' || !session.tokens || !session.externalKey) {
    return undefined;
  }
  const createdAt = session.createdAt ?? 0;
  const lastSeenAt = session.lastSeenAt ?? createdAt;
  const loaded: LoadedSession = {
    sub: session.sub,
    sid: session.sid,
    claims: session.claims ?? {},
    tokens: session.tokens,
    createdAt,
    lastSeenAt,
    sessionId: session.externalKey,
    storeKey: storeKey(session.externalKey),
  };
  (ctx.state as Record<symbol, LoadedSession>)[loadedKey] = loaded;
  return loaded;
}

const loadedKey = Symbol('cloakroom.session');
/** A session as loaded for one request. */
export interface LoadedSession extends SessionData {
  /** The cookie's session id (never logged, never sent anywhere). */
  sessionId: string;
  /** The store key (hash of the cookie's id). */
  storeKey: string;
}
