import { BffError } from '../errors/bff-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import { readSession } from '../session/read-session.ts';
import type { SessionCodec, SessionJson } from '../session/session-codec.ts';
import type { SessionData, TokenSet } from '../session/session-data.ts';
import type { SessionStore, StoredSession } from '../session/session-store.ts';
import type { LockFence, RefreshCoordinator } from './refresh-coordinator.ts';
import { isFresh } from './renewal-due.ts';
import { sessionToken, withSessionToken, type HeldToken } from './session-tokens.ts';
import type { DpopKeyCache } from '../dpop/dpop-key-cache.ts';
import { tokenSlot, type TokenRequest } from './token-slot.ts';

/** An access token to attach, or the reason there is none. Expected outcomes, not exceptions. */
export type AccessTokenResult =
  | { ok: true; accessToken: string; tokenType?: 'DPoP' | undefined }
  | { ok: false; error: BffError; sessionEnded: boolean };

export interface TokenKeeperDeps {
  store: SessionStore;
  codec: SessionCodec;
  oidc: OidcClient;
  coordinator: RefreshCoordinator;
  refreshSkewMs: number;
  now: () => number;
  logger: Logger;
  onRefresh?: (outcome: 'success' | 'reused' | 'expired' | 'failed') => void;
  /** Parses sessions' DPoP keys (with DPoP on): refreshes are then proven with the session's key. */
  dpopKeys?: DpopKeyCache | undefined;
  /** Told of each session this keeper ends (its refresh token is dead, or cannot serve a route). */
  onSessionEnded?: (key: string, reason: 'refresh_failed' | 'resource_not_granted') => void;
}

/** A session as read inside a refresh: its record (for compare-and-set) and its contents. */
interface SessionRead {
  record: StoredSession;
  session: SessionJson & SessionData;
}

/** A grant's result the store could not take: handed to the session's next refresh here. */
interface UnwrittenGrant {
  /** The refresh token the grant used (spent at the IdP). */
  from: string;
  slot: string;
  next: TokenSet;
  /** Kept until (epoch ms): after that the session's next refresh is reuse anyway. */
  until: number;
}

/** How long an unwritten grant is kept for the session's next request, and how many at most. */
const unwrittenMs = 5 * 60_000;
const maxUnwritten = 10_000;

/** A refresh that found its lock lost before sending the grant. */
const lockLost = Symbol('lock lost');
const alwaysHeld: LockFence = async () => true;
const lockLostAnswer = (): AccessTokenResult => ({
  ok: false,
  error: new BffError('idp_unavailable', 'A token refresh is taking too long; try again.'),
  sessionEnded: false,
});

/** The part of a session the keeper reads: its tokens. */
type SessionTokens = Pick<
  SessionData,
  'tokens' | 'resourceTokens' | 'grantedResources' | 'dpopKey'
>;

/** A held token (a session's or a client one) as the proxy attaches it. */
export const handOut = (token: HeldToken): AccessTokenResult =>
  token.tokenType
    ? { ok: true, accessToken: token.accessToken, tokenType: token.tokenType }
    : { ok: true, accessToken: token.accessToken };

const loginToken: TokenRequest = {};

/**
 * Hands out a usable access token for a session — the login's own, or one for a route's RFC 8707
 * resource and scope — obtaining or refreshing it when it is missing or about to expire.
 *
 * One refresh token serves every token of the session, and with rotation and reuse detection it
 * may be presented only once: so every refresh of a session, whatever the resource, runs inside
 * the coordinator's lock for that session (in this process and, with Redis, across instances).
 * Callers that want the same token at the same time share one run (`inFlight`); a caller that
 * queued behind another's run, or arrives just after it, re-reads the session inside the lock
 * and finds the token there. The new tokens are written with compare-and-set on the version that
 * was read, so a refresh finishing after a logout cannot bring the session back; when only the
 * version moved (a touch), they are written again onto the record as it now is. When the IdP
 * answers `invalid_grant`, the session is re-read once more before it is ended: another instance
 * may have rotated the token a moment earlier.
 */
export function createTokenKeeper(deps: TokenKeeperDeps) {
  const fresh = (token: { expiresAt: number; obtainedAt?: number | undefined } | undefined) =>
    token !== undefined && isFresh(token, deps.refreshSkewMs, deps.now());
  const unauthenticated = () => new BffError('unauthenticated');
  /** Runs by (session key, slot): callers wanting the same token share one. */
  const inFlight = new Map<string, Promise<AccessTokenResult>>();
  /** Grants this instance made but could not store, by session key (see `write`). */
  const unwritten = new Map<string, UnwrittenGrant>();

  async function readTokens(key: string): Promise<SessionRead | undefined> {
    const found = await readSession(deps.store, deps.codec, key);
    if (!found?.session) return undefined;
    return { record: found.record, session: found.session as SessionJson & SessionData };
  }

  async function endSession(
    key: string,
    reason: 'refresh_failed' | 'resource_not_granted',
    message?: string,
  ): Promise<AccessTokenResult> {
    await guardStoreCall(() => deps.store.destroy(key));
    deps.onSessionEnded?.(key, reason);
    const error = message
      ? new BffError('session_expired', message)
      : new BffError('session_expired');
    return { ok: false, error, sessionEnded: true };
  }

  async function refresh(
    key: string,
    request: TokenRequest,
    fence: LockFence,
  ): Promise<AccessTokenResult | typeof lockLost> {
    const slot = tokenSlot(request);
    let current = await readTokens(key);
    if (!current) return { ok: false, error: unauthenticated(), sessionEnded: true };
    // First a grant this instance made but could not store (the store failed): its rotated
    // refresh token must replace the used one before anything presents that one again.
    const kept = keptGrant(key, current.session.tokens.refreshToken);
    if (kept) {
      const stored = await write(key, current, kept.slot, kept.next, kept.from);
      if (kept.slot === slot || !stored.ok) return stored;
      current = await readTokens(key);
      if (!current) return { ok: false, error: unauthenticated(), sessionEnded: true };
    }
    const held = sessionToken(current.session, slot);
    if (fresh(held)) {
      deps.onRefresh?.('reused');
      return handOut(held!);
    }
    if (
      request.resource !== undefined &&
      !current.session.grantedResources?.includes(request.resource)
    ) {
      // The login did not name this resource (the route table changed since): the IdP would
      // refuse it after spending the refresh token. A new login names it.
      deps.logger.warn(
        { resource: request.resource },
        'a route needs a resource this session did not log in for; ending it so the user logs in again',
      );
      const ended = await endSession(
        key,
        'resource_not_granted',
        'This API needs a new sign-in; log in again.',
      );
      // Still valid at the IdP: it must not outlive the session (best effort, in the background).
      const live = current.session.tokens.refreshToken;
      if (live) void deps.oidc.revoke(live, 'refresh_token').catch(() => undefined);
      return ended;
    }
    const { refreshToken } = current.session.tokens;
    if (!refreshToken) {
      // Without a refresh token the login's token cannot be renewed: the session is over. A
      // resource token could never be had at all: the session stays, the route cannot be served.
      if (slot === '') return endSession(key, 'refresh_failed');
      deps.logger.warn(
        { resource: request.resource },
        'a route needs a per-resource token, but the IdP gave this session no refresh token',
      );
      return {
        ok: false,
        error: new BffError(
          'idp_error',
          'The identity provider gave this session no refresh token, so no token for this API can be obtained.',
        ),
        sessionEnded: false,
      };
    }

    // The lock may have been lost since it was taken (a stall past the lease, a failover): a
    // grant sent now could present the same refresh token as the new holder's.
    if (!(await fence())) return lockLost;
    let next: TokenSet;
    try {
      const dpopKey = current.session.dpopKey && deps.dpopKeys?.load(current.session.dpopKey);
      next = await deps.oidc.refresh(current.session.tokens, request, dpopKey);
    } catch (error) {
      return refreshFailed(key, error, refreshToken, slot);
    }
    return write(key, current, slot, next, refreshToken);
  }

  /** A refused or failed grant: the session kept (IdP trouble) or ended (`invalid_grant`). */
  async function refreshFailed(
    key: string,
    error: unknown,
    refreshToken: string,
    slot: string,
  ): Promise<AccessTokenResult> {
    const failure = error instanceof BffError ? error : new BffError('idp_unavailable');
    if (failure.code !== 'session_expired') {
      deps.onRefresh?.('failed');
      deps.logger.warn({ code: failure.code }, 'token refresh failed; session kept');
      return { ok: false, error: failure, sessionEnded: false };
    }
    const again = await readTokens(key);
    const theirs = again && sessionToken(again.session, slot);
    if (again && again.session.tokens.refreshToken !== refreshToken && fresh(theirs)) {
      deps.onRefresh?.('reused');
      return handOut(theirs!);
    }
    deps.onRefresh?.('expired');
    return endSession(key, 'refresh_failed');
  }

  /**
   * Writes the granted tokens onto the record as it is now, as long as the refresh token in it
   * is the one used: a touch (lastSeenAt) bumps the version meanwhile and must not cost the user
   * the session. When the store fails, the result is kept for the next request of the session
   * on this instance (a rotated refresh token lost here would end the session at its next use).
   */
  async function write(
    key: string,
    read: SessionRead,
    slot: string,
    next: TokenSet,
    refreshToken: string,
  ): Promise<AccessTokenResult> {
    let base = read;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let written: boolean;
      try {
        written = await guardStoreCall(() =>
          deps.store.replace(
            key,
            deps.codec.encode(
              key,
              withSessionToken(base.session, slot, next),
              base.record.expiresAt,
            ),
            base.record.version,
          ),
        );
      } catch (error) {
        // Bounded: a store failing for long must not grow this without end (oldest go first).
        if (unwritten.size >= maxUnwritten) unwritten.delete(unwritten.keys().next().value!);
        unwritten.set(key, { from: refreshToken, slot, next, until: deps.now() + unwrittenMs });
        deps.logger.warn(
          { code: error instanceof BffError ? error.code : 'store_error' },
          'refreshed tokens could not be stored; kept for the next request',
        );
        deps.onRefresh?.('success');
        return handOut({ ...next, expiresAt: next.accessTokenExpiresAt });
      }
      if (written) {
        unwritten.delete(key);
        deps.onRefresh?.('success');
        return handOut({ ...next, expiresAt: next.accessTokenExpiresAt });
      }
      const now = await readTokens(key);
      // Destroyed (logout) while we refreshed: never resurrect it.
      if (!now) break;
      if (now.session.tokens.refreshToken !== refreshToken) {
        // Someone else rotated the tokens: use theirs when they are good.
        const theirs = sessionToken(now.session, slot);
        if (fresh(theirs)) return handOut(theirs!);
        break;
      }
      base = now;
    }
    // The session is gone or was taken over: report it gone and retire the tokens we just got.
    unwritten.delete(key);
    if (next.refreshToken && next.refreshToken !== refreshToken) {
      void deps.oidc.revoke(next.refreshToken, 'refresh_token').catch(() => undefined);
    }
    return { ok: false, error: unauthenticated(), sessionEnded: true };
  }

  /** The kept result of a grant for this session, if it was made with this refresh token. */
  function keptGrant(key: string, refreshToken: string | undefined) {
    const kept = unwritten.get(key);
    if (!kept) return undefined;
    // Another refresh token is in the session now (or the kept one is old): it is of no use.
    unwritten.delete(key);
    if (kept.from !== refreshToken || kept.until < deps.now()) return undefined;
    return kept;
  }

  /**
   * One run per (session, slot) at a time, inside the session's lock. A run that found its lock
   * lost before the grant takes the lock again once; the second time it gives up (503).
   */
  function renew(key: string, request: TokenRequest): Promise<AccessTokenResult> {
    const flightKey = `${key}\n${tokenSlot(request)}`;
    const running = inFlight.get(flightKey);
    if (running) return running;
    const locked = () =>
      deps.coordinator.run(key, (fence?: LockFence) => refresh(key, request, fence ?? alwaysHeld));
    const flight = locked()
      .then((result) => (result === lockLost ? locked() : result))
      .then((result): AccessTokenResult => (result === lockLost ? lockLostAnswer() : result))
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, flight);
    return flight;
  }

  return {
    /** The token when the session holds it fresh: no promise, no await, on the common path. */
    freshAccessToken(
      session: SessionTokens,
      request: TokenRequest = loginToken,
    ): AccessTokenResult | undefined {
      const held = sessionToken(session, tokenSlot(request));
      return fresh(held) ? handOut(held!) : undefined;
    },
    /**
     * @param key the session's store key
     * @param session the session as read for this request
     * @param request the route's resource and scope (none: the login's token)
     */
    async accessToken(
      key: string,
      session: SessionTokens,
      request: TokenRequest = loginToken,
    ): Promise<AccessTokenResult> {
      const held = sessionToken(session, tokenSlot(request));
      if (fresh(held)) return handOut(held!);
      return renew(key, request);
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
