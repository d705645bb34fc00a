import type { Context, Next } from 'koa';
import { ApiError } from '../api-error.ts';
import { dpopInvalidToken } from './dpop/dpop-challenge.ts';
import type { SenderConstraint } from './dpop/dpop-sender-constraint.ts';
import type { Principal } from './verify-access-token.ts';

const PRINCIPAL = Symbol('cloakroom.api.principal');

type WithPrincipal = Context & { [PRINCIPAL]?: Principal };

/**
 * Middleware that admits only requests with a valid `Authorization: Bearer <JWT>`; every
 * other request ends in a 401 `invalid_token` (the header says so, see json-errors). With a
 * `senderConstraint` (DPoP, see dpop/dpop-sender-constraint.ts) it also takes
 * `Authorization: DPoP <JWT>` and lets the constraint judge every token.
 *
 * @example
 * ```ts
 * app.use(requireBearer(createAccessTokenVerifier({ issuer, audience, keys })));
 * app.use(requireBearer(verify, dpopSenderConstraint({ nonce: true })));
 * ```
 */
export function requireBearer(
  verify: (token: string) => Promise<Principal>,
  senderConstraint?: SenderConstraint,
) {
  const credentials = senderConstraint
    ? /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i
    : /^(Bearer) +([A-Za-z0-9\-._~+/]+=*) *$/i;
  return async function requireBearerToken(ctx: Context, next: Next): Promise<void> {
    const match = credentials.exec(ctx.get('authorization'));
    if (!match?.[1] || !match[2]) {
      throw new ApiError(
        'invalid_token',
        401,
        'send an access token as Authorization: Bearer <JWT>',
      );
    }
    const scheme = match[1].toLowerCase() === 'dpop' ? 'dpop' : 'bearer';
    const principal = await verify(match[2]).catch((err: unknown) => {
      // A bad token under the DPoP scheme is challenged in that scheme (RFC 9449 §7.1).
      if (scheme === 'dpop' && err instanceof ApiError && err.code === 'invalid_token') {
        throw dpopInvalidToken(err.message);
      }
      throw err;
    });
    await senderConstraint?.(ctx, scheme, match[2], principal);
    (ctx as WithPrincipal)[PRINCIPAL] = principal;
    await next();
  };
}

/** The verified caller of a request that passed {@link requireBearer}. */
export function principalOf(ctx: Context): Principal {
  const principal = (ctx as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('principalOf() used on a route without requireBearer');
  return principal;
}
