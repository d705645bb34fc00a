import type { SessionEnder, SessionEndedListener } from './session-ender.ts';
import type { UserSession, UserSessions } from './user-sessions.ts';

/**
 * A user's sessions for the operator's own code (an admin page, a "user disabled" hook, an
 * account-recovery flow): `bff.sessions`. Works on every instance sharing the store; a session
 * ended here ends everywhere, its refresh token revoked at the IdP in the background.
 *
 * @example
 * const bff = createBff(options, app);
 * // An admin endpoint of your own, behind your own authorisation:
 * router.get('/admin/users/:sub/sessions', async (ctx) => {
 *   ctx.body = await bff.sessions.list(ctx.params.sub);
 * });
 * router.delete('/admin/users/:sub/sessions', async (ctx) => {
 *   ctx.body = { ended: await bff.sessions.endAll(ctx.params.sub) };
 * });
 */
export interface BffSessions {
  /**
   * Every live session of `sub`, newest first.
   *
   * @example
   * const sessions = await bff.sessions.list('alice'); // [{ id, createdAt, lastSeenAt, userAgent }]
   */
  list(sub: string): Promise<UserSession[]>;
  /**
   * Ends the session of `sub` that `id` (a handle from `list`) names; false when `sub` has no
   * live session by that handle.
   *
   * @example
   * const [newest] = await bff.sessions.list('alice');
   * if (newest) await bff.sessions.end('alice', newest.id); // true
   */
  end(sub: string, id: string): Promise<boolean>;
  /**
   * Ends every session of `sub` (as `POST /bff/logout {"everywhere": true}` does); returns how
   * many it ended.
   *
   * @example
   * await bff.sessions.endAll('alice'); // e.g. 2
   */
  endAll(sub: string): Promise<number>;
  /**
   * Calls `listener` with the store key of each session this instance ends from now on (logout,
   * logout everywhere, ended by handle, idle or absolute expiry, a new login over an old
   * session); returns the function that stops it. The hook for closing what a session keeps
   * open, such as live connections. Back-channel logout does not call it yet.
   *
   * @example
   * const stop = bff.sessions.onSessionEnded((storeKey) => streams.closeAll(storeKey));
   */
  onSessionEnded(listener: SessionEndedListener): () => void;
}

/**
 * `bff.sessions`, over the user sessions and the ender the endpoints use.
 *
 * @example
 * const api = operatorSessions(userSessions, ender);
 */
export function operatorSessions(sessions: UserSessions, ender: SessionEnder): BffSessions {
  return {
    list: (sub) => sessions.list(sub),
    end: async (sub, id) => (await sessions.end(sub, id, 'ended_by_operator')).ended,
    endAll: (sub) => sessions.endAll(sub, 'ended_by_operator'),
    onSessionEnded: (listener) => ender.onSessionEnded(listener),
  };
}
