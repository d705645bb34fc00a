/**
 * One live session of the user, as `GET /bff/sessions` lists it (newest first).
 *
 * @example
 * ```ts
 * const session: SessionSummary = {
 *   id: 's-3f2a', createdAt: 1767225600, lastSeenAt: 1767229200, userAgent: 'Firefox', current: true,
 * };
 * ```
 */
export interface SessionSummary {
  /** A handle for `DELETE /bff/sessions/<id>`: neither the cookie value nor usable as one. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds. */
  lastSeenAt: number;
  /** As sent by the browser that logged in. */
  userAgent: string;
  /** Whether this is the session of the browser asking. */
  current: boolean;
}

/**
 * `GET /bff/sessions`: every live session of this user, newest first. End one with
 * `DELETE /bff/sessions/<id>` (`204`; `404 not_found` for an id that is not one of this user's).
 *
 * @example
 * ```ts
 * const { sessions }: SessionsResponse = await response.json();
 * ```
 */
export interface SessionsResponse {
  sessions: SessionSummary[];
}
