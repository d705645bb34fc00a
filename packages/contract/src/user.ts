/**
 * `GET /bff/user`: who is logged in and until when. Never a token.
 *
 * @example
 * ```ts
 * const user: UserResponse = { sub: 'alice', claims: { name: 'Alice' }, expiresAt: 1767225600 };
 * ```
 */
export interface UserResponse {
  sub: string;
  /** The ID token's claims the BFF lets the browser see. */
  claims: Record<string, unknown>;
  /** When the BFF session ends, in Unix seconds. */
  expiresAt: number;
}
