import type { Context } from 'koa';
import { storeKey } from './koa-session-store.ts';

/** The tokens of one login. They live only here, sealed in the session store. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  /** Unix epoch ms at which the access token expires. */
  accessTokenExpiresAt: number;
  scope?: string | undefined;
}

/** What one session holds: who logged in, what the SPA may see, and the tokens. */
export interface SessionData {
  sub: string;
  sid?: string | undefined;
  /** ID token claims the SPA may read (protocol claims removed). */
  claims: Record<string, unknown>;
  tokens: TokenSet;
  /** Unix epoch ms of the login. */
  createdAt: number;
}

/**
 * The logged-in session of this request, or undefined. koa-session loads it; this is the one
 * typed accessor the endpoints use instead of poking at `ctx.session`.
 */
export function currentSession(ctx: Context): LoadedSession | undefined {
  const session = ctx.session as
    (Partial<SessionData> & { externalKey?: string; _expire?: number }) | null;
  if (!session || typeof session.sub !== 'string' || !session.tokens || !session.externalKey) {
    return undefined;
  }
  return {
    sub: session.sub,
    sid: session.sid,
    claims: session.claims ?? {},
    tokens: session.tokens,
    createdAt: session.createdAt ?? 0,
    storeKey: storeKey(session.externalKey),
    expiresAt: session._expire ?? 0,
  };
}

/** A session as loaded for one request. */
export interface LoadedSession extends SessionData {
  /** The store key (hash of the cookie's id). */
  storeKey: string;
  /** Unix epoch ms at which the session ends. */
  expiresAt: number;
}
