import { BffError } from '../errors/bff-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import { readSession } from '../session/read-session.ts';
import type { SessionCodec } from '../session/session-codec.ts';
import type { TokenSet } from '../session/session-data.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { RefreshCoordinator } from './refresh-coordinator.ts';

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

/**
 * Hands out a usable access token for a session, refreshing it when it is about to expire.
 *
 * The refresh runs inside the coordinator, and inside it the session is re-read from the store:
 * a caller that queued behind another's refresh, or arrives just after it, finds the new token
 * there and does not refresh again. The new token set is written with compare-and-set on the
 * version that was read, so a refresh finishing after a logout cannot bring the session back;
 * when only the version moved (a touch), it is written again onto the record as it now is.
 * When the IdP answers `invalid_grant`, the session is re-read once more before it is ended:
 * another instance may have rotated the token a moment earlier.
 */
export function createTokenKeeper(deps: TokenKeeperDeps) {
  const fresh = (tokens: TokenSet) => tokens.accessTokenExpiresAt - deps.refreshSkewMs > deps.now();
  const unauthenticated = () => new BffError('unauthenticated');

  async function readTokens(key: string) {
    const found = await readSession(deps.store, deps.codec, key);
    if (!found?.session) return undefined;
    return {
      record: found.record,
      session: found.session,
      tokens: found.session.tokens as TokenSet,
    };
  }

  async function endSession(key: string): Promise<AccessTokenResult> {
    await guardStoreCall(() => deps.store.destroy(key));
    return {
      ok: false,
      error: new BffError('session_expired'),
      sessionEnded: true,
    };
  }

  async function refresh(key: string): Promise<AccessTokenResult> {
    const current = await readTokens(key);
    if (!current) return { ok: false, error: unauthenticated(), sessionEnded: true };
    if (fresh(current.tokens)) {
      deps.onRefresh?.('reused');
      return { ok: true, accessToken: current.tokens.accessToken };
    }
    if (!current.tokens.refreshToken) return endSession(key);

    let next: TokenSet;
    try {
      next = await deps.oidc.refresh(current.tokens);
    } catch (error) {
      const failure = error instanceof BffError ? error : new BffError('idp_unavailable');
      if (failure.code !== 'session_expired') {
        deps.onRefresh?.('failed');
        deps.logger.warn({ code: failure.code }, 'token refresh failed; session kept');
        return { ok: false, error: failure, sessionEnded: false };
      }
      const again = await readTokens(key);
      if (
        again &&
        again.tokens.refreshToken !== current.tokens.refreshToken &&
        fresh(again.tokens)
      ) {
        deps.onRefresh?.('reused');
        return { ok: true, accessToken: again.tokens.accessToken };
      }
      deps.onRefresh?.('expired');
      return endSession(key);
    }

    // Written onto the record as it is now, as long as the tokens in it are the ones refreshed:
    // a touch (lastSeenAt) bumps the version meanwhile and must not cost the user the session.
    let base = current;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const written = await guardStoreCall(() =>
        deps.store.replace(
          key,
          deps.codec.encode(key, { ...base.session, tokens: next }, base.record.expiresAt),
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
      if (now.tokens.refreshToken !== current.tokens.refreshToken) {
        // Someone else rotated the tokens: use theirs when they are good.
        if (fresh(now.tokens)) return { ok: true, accessToken: now.tokens.accessToken };
        break;
      }
      base = now;
    }
    // The session is gone or was taken over: report it gone and retire the tokens we just got.
    if (next.refreshToken) {
      void deps.oidc.revoke(next.refreshToken, 'refresh_token').catch(() => undefined);
    }
    return { ok: false, error: unauthenticated(), sessionEnded: true };
  }

  return {
    /** The access token when it is fresh: no promise, no await, on the common path. */
    freshAccessToken(tokens: TokenSet): AccessTokenResult | undefined {
      return fresh(tokens) ? { ok: true, accessToken: tokens.accessToken } : undefined;
    },
    /**
     * @param key the session's store key
     * @param tokens the tokens koa-session loaded for this request
     */
    async accessToken(key: string, tokens: TokenSet): Promise<AccessTokenResult> {
      if (fresh(tokens)) return { ok: true, accessToken: tokens.accessToken };
      return deps.coordinator.run(key, () => refresh(key));
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
