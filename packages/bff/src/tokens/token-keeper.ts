import { BffError } from '../errors/bff-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import { readSession } from '../session/read-session.ts';
import type { SessionCodec, SessionJson } from '../session/session-codec.ts';
import type { SessionData, TokenSet } from '../session/session-data.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { RefreshCoordinator } from './refresh-coordinator.ts';
import { isFresh } from './renewal-due.ts';
import { sessionToken, withSessionToken } from './session-tokens.ts';
import { tokenSlot, type TokenRequest } from './token-slot.ts';

/** An access token to attach, or the reason there is none. Expected outcomes, not exceptions. */
export type AccessTokenResult =
  { ok: true; accessToken: string } | { ok: false; error: BffError; sessionEnded: boolean };

export interface TokenKeeperDeps {
  store: SessionStore;
  codec: SessionCodec;
  oidc: OidcClient;
  coordinator: RefreshCoordinator;
  refreshSkewMs: number;
  now: () => number;
  logger: Logger;
  onRefresh?: (outcome: 'success' | 'reused' | 'expired' | 'failed') => void;
}

/** The part of a session the keeper reads: its tokens. */
type SessionTokens = Pick<SessionData, 'tokens' | 'resourceTokens' | 'grantedResources'>;

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

  async function readTokens(key: string) {
    const found = await readSession(deps.store, deps.codec, key);
    if (!found?.session) return undefined;
    return { record: found.record, session: found.session as SessionJson & SessionData };
  }

  async function endSession(key: string, message?: string): Promise<AccessTokenResult> {
    await guardStoreCall(() => deps.store.destroy(key));
    return { ok: false, error: new BffError('session_expired', message), sessionEnded: true };
  }

  async function refresh(key: string, request: TokenRequest): Promise<AccessTokenResult> {
    const slot = tokenSlot(request);
    const current = await readTokens(key);
    if (!current) return { ok: false, error: unauthenticated(), sessionEnded: true };
    const held = sessionToken(current.session, slot);
    if (fresh(held)) {
      deps.onRefresh?.('reused');
      return { ok: true, accessToken: held!.accessToken };
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
      return endSession(key, 'This API needs a new sign-in; log in again.');
    }
    const { refreshToken } = current.session.tokens;
    if (!refreshToken) {
      // Without a refresh token the login's token cannot be renewed: the session is over. A
      // resource token could never be had at all: the session stays, the route cannot be served.
      if (slot === '') return endSession(key);
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

    let next: TokenSet;
    try {
      next = await deps.oidc.refresh(current.session.tokens, request);
    } catch (error) {
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
        return { ok: true, accessToken: theirs!.accessToken };
      }
      deps.onRefresh?.('expired');
      return endSession(key);
    }

    // Written onto the record as it is now, as long as the refresh token in it is the one used:
    // a touch (lastSeenAt) bumps the version meanwhile and must not cost the user the session.
    let base = current;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const written = await guardStoreCall(() =>
        deps.store.replace(
          key,
          deps.codec.encode(key, withSessionToken(base.session, slot, next), base.record.expiresAt),
          base.record.version,
        ),
      );
      if (written) {
        deps.onRefresh?.('success');
        return { ok: true, accessToken: next.accessToken };
      }
      const now = await readTokens(key);
      // Destroyed (logout) while we refreshed: never resurrect it.
      if (!now) break;
      if (now.session.tokens.refreshToken !== refreshToken) {
        // Someone else rotated the tokens: use theirs when they are good.
        const theirs = sessionToken(now.session, slot);
        if (fresh(theirs)) return { ok: true, accessToken: theirs!.accessToken };
        break;
      }
      base = now;
    }
    // The session is gone or was taken over: report it gone and retire the tokens we just got.
    if (next.refreshToken && next.refreshToken !== refreshToken) {
      void deps.oidc.revoke(next.refreshToken, 'refresh_token').catch(() => undefined);
    }
    return { ok: false, error: unauthenticated(), sessionEnded: true };
  }

  /** One run per (session, slot) at a time, inside the session's lock. */
  function renew(key: string, request: TokenRequest): Promise<AccessTokenResult> {
    const flightKey = `${key}\n${tokenSlot(request)}`;
    const running = inFlight.get(flightKey);
    if (running) return running;
    const flight = deps.coordinator
      .run(key, () => refresh(key, request))
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
      return fresh(held) ? { ok: true, accessToken: held!.accessToken } : undefined;
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
      if (fresh(held)) return { ok: true, accessToken: held!.accessToken };
      return renew(key, request);
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
