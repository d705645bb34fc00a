import type { Logger } from '../observability/logger.ts';
import { guardStoreCall } from './guard-store-call.ts';
import { readSession } from './read-session.ts';
import type { SessionCodec } from './session-codec.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Ends stored sessions so that their refresh tokens end with them. A session that is only
 * destroyed leaves its refresh token valid at the IdP for as long as the IdP says (often days):
 * whoever copied it could keep minting access tokens after the user was logged out.
 *
 * The record is read right before it is destroyed, so the token revoked is the newest one: a
 * refresh that rotated it after the request began is not missed, and one that finishes after
 * the destroy cannot write back and revokes its own new token (token-keeper). The revocation
 * runs in the background, best effort: ending a session never waits on the IdP, and a failure
 * is logged (by code only), never the request's. `drain()` lets a shutdown wait for them.
 *
 * `onSessionEnded(listener)` is the hook for what else must end with a session: the listener is
 * called with the store key of every session this ender ends (logout, logout everywhere, a
 * session ended by its handle, idle or absolute expiry, a login over an old session), after the
 * record is gone. Live connections (event streams, WebSockets) are meant to close from here. The
 * ender is per instance: the listeners hear of the sessions this instance ends. Live connections
 * close through `onEnded` and the end-of-session signal instead, which reaches every instance
 * and also carries back-channel logouts (by `sid`/`sub`).
 *
 * @example
 * const ender = createSessionEnder({ store, codec, revoke, logger });
 * await ender.end(storeKey, 'logout'); // destroyed now; its refresh token revoked shortly
 */
export function createSessionEnder(deps: {
  store: SessionStore;
  codec: SessionCodec;
  /** Revokes a refresh token at the IdP (RFC 7009). */
  revoke: (refreshToken: string) => Promise<void>;
  logger: Logger;
  /**
   * Told first of every end, with its reason (metrics, and the end-of-session signal that closes
   * the session's live connections on every instance).
   */
  onEnded?: (key: string, reason: SessionEndReason) => void;
}) {
  const pending = new Set<Promise<void>>();
  const listeners = new Set<SessionEndedListener>();

  function revokeLater(refreshToken: string): void {
    const revocation = deps
      .revoke(refreshToken)
      .catch((error: unknown) => {
        deps.logger.warn(
          { code: (error as { code?: string }).code },
          'refresh token revocation failed',
        );
      })
      .finally(() => pending.delete(revocation));
    pending.add(revocation);
  }

  return {
    /**
     * Destroys the session at `key` and revokes the newest refresh token it held. `known` is a
     * token the caller read earlier, revoked when the record is already gone (a concurrent end).
     */
    async end(
      key: string,
      reason: SessionEndReason,
      known?: { refreshToken?: string | undefined },
    ): Promise<void> {
      const found = await readSession(deps.store, deps.codec, key);
      await guardStoreCall(() => deps.store.destroy(key));
      const tokens = found?.session?.tokens as { refreshToken?: unknown } | undefined;
      const refreshToken =
        typeof tokens?.refreshToken === 'string' ? tokens.refreshToken : known?.refreshToken;
      if (refreshToken) revokeLater(refreshToken);
      deps.onEnded?.(key, reason);
      for (const listener of listeners) {
        try {
          listener(key);
        } catch (error) {
          // A listener's failure is its own: the session has ended all the same.
          deps.logger.warn(
            { code: (error as { code?: string }).code },
            'session-ended listener failed',
          );
        }
      }
    },
    /**
     * Calls `listener` with the store key of every session this ender ends from now on; returns
     * the function that stops it.
     */
    onSessionEnded(listener: SessionEndedListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Waits for the revocations under way (for a graceful shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled(pending);
    },
  };
}

export type SessionEnder = ReturnType<typeof createSessionEnder>;

/** Why a session ended (the `reason` label of `cloakroom_sessions_ended_total`). */
export type SessionEndReason =
  | 'logout'
  | 'logout_everywhere'
  | 'ended_by_user'
  | 'ended_by_operator'
  | 'expired'
  | 'replaced'
  | 'refresh_failed'
  | 'resource_not_granted';

/**
 * Told the store key of a session that has just ended (see `onSessionEnded`). Synchronous: start
 * slow work in the background.
 *
 * @example
 * const stop = bff.sessions.onSessionEnded((storeKey) => liveConnections.close(storeKey));
 */
export type SessionEndedListener = (storeKey: string) => void;
