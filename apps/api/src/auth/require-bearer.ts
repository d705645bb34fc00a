import type { Context, Next } from 'koa';
import { ApiError } from '../api-error.ts';
import type { Principal } from './verify-access-token.ts';

const PRINCIPAL = Symbol('cloakroom.api.principal');

type WithPrincipal = Context & { [PRINCIPAL]?: Principal };

/**
 * Middleware that admits only requests with a valid `Authorization: Bearer <JWT>`; every
 * other request ends in a 401 `invalid_token` (the header says so, see json-errors).
 *
 * @example
 * ```ts
 * app.use(requireBearer(createAccessTokenVerifier({ issuer, audience, keys })));
 * ```
 */
export function requireBearer(verify: (token: string) => Promise<Principal>) {
  return async function requireBearerToken(ctx: Context, next: Next): Promise<void> {
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(ctx.get('authorization'));
    if (!match?.[1]) {
      throw new ApiError(
        'invalid_token',
        401,
        'send an access token as Authorization: Bearer <JWT>',
      );
    }
    (ctx as WithPrincipal)[PRINCIPAL] = await verify(match[1]);
    await next();
  };
}

/** The verified caller of a request that passed {@link requireBearer}. */
export function principalOf(ctx: Context): Principal {
  const principal = (ctx as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('principalOf() used on a route without requireBearer');
  return principal;
}
