/**
 * The sample API's `GET /me`: who the access token it received says is calling, and which token
 * that was. The demo SPA compares these across APIs to show that each got its own token (another
 * audience, another fingerprint) from the one session cookie.
 *
 * @example
 * ```ts
 * const me: ApiIdentity = {
 *   sub: 'alice', scope: 'openid profile', aud: 'api', clientId: 'cloakroom-bff',
 *   tokenFingerprint: '3f2a9c01b7de', tokenExpiresAt: 1767225900,
 * };
 * ```
 */
export interface ApiIdentity {
  /** The token's subject: the user, or the BFF's own client for a client-credentials token. */
  sub: string;
  scope: string;
  /** The token's audience as this API checked it (its `API_AUDIENCE`). */
  aud: string;
  /** The client the token was issued to (`client_id` claim), when it names one. */
  clientId?: string;
  /**
   * The first 12 hex digits of the SHA-256 of the token as received: tells two tokens apart
   * without revealing either (a prefix of a hash cannot be presented as a token).
   */
  tokenFingerprint: string;
  /** The token's `exp`, unix seconds. */
  tokenExpiresAt: number;
}
