import type { ApiIdentity } from '@cloakroom/contract';
import type { Context } from 'koa';
import { principalOf } from '../auth/require-bearer.ts';

/**
 * `GET /me`: who the access token says is calling, and which token it was: this API's audience,
 * the client it was issued to, a fingerprint (never the token) and its expiry. Several APIs
 * behind one BFF answer it, so a caller can see that each got a token of its own.
 *
 * @example
 * ```ts
 * router.get('/me', getMe); // { sub, scope, aud, clientId, tokenFingerprint, tokenExpiresAt }
 * ```
 */
export function getMe(ctx: Context): void {
  const principal = principalOf(ctx);
  const identity: ApiIdentity = {
    sub: principal.sub,
    scope: principal.scope,
    aud: principal.audience,
    ...(principal.clientId === undefined ? {} : { clientId: principal.clientId }),
    tokenFingerprint: principal.tokenFingerprint,
    tokenExpiresAt: principal.expiresAt,
  };
  ctx.body = identity;
}
