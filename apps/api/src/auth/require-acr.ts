import type { Context, Next } from 'koa';
import { ApiError } from '../api-error.ts';
import { principalOf } from './require-bearer.ts';

/** The authentication level of a password plus a one-time code at the dev IdP. */
export const MFA_ACR = 'urn:cloakroom:acr:mfa';

/**
 * Middleware for a route that needs a stronger login (RFC 9470): a token whose `acr` is not
 * `acr` gets `401 insufficient_user_authentication`, with a challenge naming the `acr_values`
 * the client should log in with. Runs after `requireBearer`.
 *
 * @example
 * ```ts
 * router.delete('/notes/:id', requireAcr(MFA_ACR), notes.remove);
 * ```
 */
export function requireAcr(acr: string) {
  const challenge = `Bearer error="insufficient_user_authentication", acr_values="${acr}"`;
  return async function requireAuthenticationLevel(ctx: Context, next: Next): Promise<void> {
    if (principalOf(ctx).claims.acr !== acr) {
      throw new ApiError(
        'insufficient_user_authentication',
        401,
        `this needs a stronger login (${acr})`,
        { challenge },
      );
    }
    await next();
  };
}
