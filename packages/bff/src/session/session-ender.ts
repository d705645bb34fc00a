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
 * @example
 * const ender = createSessionEnder({ store, codec, revoke, logger });
 * await ender.end(storeKey); // destroyed now; its refresh token revoked shortly
 */
export function createSessionEnder(deps: {
  store: SessionStore;
  codec: SessionCodec;
  /** Revokes a refresh token at the IdP (RFC 7009). */
  revoke: (refreshToken: string) => Promise<void>;
  logger: Logger;
}) {
  const pending = new Set<Promise<void>>();

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
    async end(key: string, known?: { refreshToken?: string | undefined }): Promise<void> {
      const found = await readSession(deps.store, deps.codec, key);
      await guardStoreCall(() => deps.store.destroy(key));
      const tokens = found?.session?.tokens as { refreshToken?: unknown } | undefined;
      const refreshToken =
        typeof tokens?.refreshToken === 'string' ? tokens.refreshToken : known?.refreshToken;
      if (refreshToken) revokeLater(refreshToken);
    },
    /** Waits for the revocations under way (for a graceful shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled(pending);
    },
  };
}

export type SessionEnder = ReturnType<typeof createSessionEnder>;
