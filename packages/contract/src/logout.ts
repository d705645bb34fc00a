/**
 * `POST /bff/logout`'s answer: where the browser goes next (the IdP's end-session URL, or `/`).
 *
 * @example
 * ```ts
 * const { redirectTo }: LogoutResponse = await response.json();
 * location.assign(redirectTo);
 * ```
 */
export interface LogoutResponse {
  redirectTo: string;
}

/**
 * The `POST /bff/logout` body (`application/json`) that ends every session of this user, not
 * only this one; the answer is a {@link LogoutResponse} as for a plain logout.
 *
 * @example
 * ```ts
 * const body: LogoutEverywhereRequest = { everywhere: true };
 * ```
 */
export interface LogoutEverywhereRequest {
  everywhere: true;
}
