import type { SessionData } from '../session/session-data.ts';
import { sessionToken } from '../tokens/session-tokens.ts';
import type { AccessTokenResult } from '../tokens/token-keeper.ts';
import { tokenSlot, type TokenRequest } from '../tokens/token-slot.ts';

const minimumSleepMs = 1_000;

export interface SessionWatchDeps {
  /** The session as stored now; undefined when it is gone (or does not open). Throws when the store fails. */
  reread(key: string): Promise<SessionData | undefined>;
  /** When the session's idle or absolute lifetime runs out (unix ms). */
  expiry(session: SessionData): number;
  /** Ends an expired session everywhere (which also closes this connection). */
  endExpired(key: string): Promise<void>;
  /** Renews the route's token when it is due; reports a session that ended on the way. */
  renewToken(key: string, session: SessionData, route: TokenRequest): Promise<AccessTokenResult>;
  now(): number;
  /** The longest the watch sleeps between reads of the session. */
  recheckMs: number;
}

/**
 * Keeps one live connection honest about its session for as long as it is open. The connection
 * got the route's token when it opened; afterwards only this watch sees the session:
 * - at the session's idle or absolute expiry, the session is ended (and the connection closed):
 *   an open stream is not activity, so it does not keep a session alive;
 * - when the access token the upstream was given expires, the token is renewed as a request
 *   would renew it ("refresh and keep"): a refresh token the IdP has revoked ends the session
 *   and closes the connection, so an IdP-side logout reaches a live connection within one token
 *   lifetime even without a back-channel logout; the upstream is not sent the new token (a
 *   WebSocket has no place for it), it only learns the session still stands;
 * - at least every `recheckMs` the session is read again, which bounds how long a lost
 *   end-of-session message (a Redis subscriber that was reconnecting) can keep it open.
 * A store that fails leaves the connection open and tries again at the next recheck.
 * `recheckNow` reads the session at once (after one in flight, if any): for when end-of-session
 * messages may have been missed.
 *
 * @example
 * const watch = watchSession({ key, session, route }, deps, () => socket.close(4401));
 * socket.on('close', watch.stop);
 */
export function watchSession(
  start: { key: string; session: SessionData; route: TokenRequest | undefined },
  deps: SessionWatchDeps,
  onEnded: () => void,
): SessionWatch {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let checking = false;
  let checkAgain = false;
  const slot = start.route ? tokenSlot(start.route) : undefined;

  function schedule(session: SessionData): void {
    if (stopped) return;
    const now = deps.now();
    let wake = Math.min(deps.expiry(session), now + deps.recheckMs);
    if (slot !== undefined) {
      const held = sessionToken(session, slot);
      if (held) wake = Math.min(wake, held.expiresAt);
    }
    // At least a second apart: a token that could not be renewed (still expired when read
    // again) must not turn the watch into a busy loop.
    later(Math.max(wake - now + 5, minimumSleepMs));
  }

  // One pending read at most: a new time replaces the one set before.
  function later(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void checkOnce(), ms);
    // An open connection keeps the process busy already; the watch must not keep it alive.
    timer.unref();
  }

  // One read at a time; a recheck asked for during one runs right after it, since that read may
  // have started before whatever made the recheck necessary.
  async function checkOnce(): Promise<void> {
    if (checking) {
      checkAgain = true;
      return;
    }
    checking = true;
    try {
      await check();
    } finally {
      checking = false;
    }
    if (checkAgain && !stopped) {
      checkAgain = false;
      later(0);
    }
  }

  async function check(): Promise<void> {
    let session: SessionData | undefined;
    try {
      session = await deps.reread(start.key);
      if (stopped) return;
      if (!session) return end();
      if (deps.expiry(session) <= deps.now()) {
        await deps.endExpired(start.key);
        return end();
      }
      if (start.route) {
        const token = await deps.renewToken(start.key, session, start.route);
        if (stopped) return;
        if (!token.ok && token.sessionEnded) return end();
        if (!token.ok) return later(deps.recheckMs);
        session = (await deps.reread(start.key)) ?? session;
      }
    } catch {
      // The store (or the IdP) failed: the session may well live; look again later.
      if (!stopped) later(deps.recheckMs);
      return;
    }
    schedule(session);
  }

  function end(): void {
    if (stopped) return;
    stopped = true;
    onEnded();
  }

  schedule(start.session);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    recheckNow() {
      if (stopped) return;
      // During a read, its own next time would replace a new one: ask for one more instead.
      if (checking) checkAgain = true;
      else later(0);
    },
  };
}

/** A running {@link watchSession}. */
export interface SessionWatch {
  /** Stops watching (the connection closed). */
  stop(): void;
  /** Reads the session now rather than at the next scheduled time. */
  recheckNow(): void;
}
