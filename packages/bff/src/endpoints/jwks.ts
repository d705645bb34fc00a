import type { Context, Middleware } from 'koa';
import type { ClientKeys } from '../oidc/client-keys.ts';

/**
 * `GET /bff/jwks`: the public keys of the BFF's `private_key_jwt` client authentication, for the
 * IdP's `jwks_uri` registration. Every configured key is listed (newest first, the newest signs),
 * so a key can be published before it signs and stay published until the IdP stops caching it.
 * Public and cacheable for a few minutes; an empty set when no key is configured.
 */
export function jwks(deps: { clientKeys: ClientKeys }): Middleware[] {
  const body = JSON.stringify(deps.clientKeys.jwks);
  return [
    function serveJwks(ctx: Context) {
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.type = 'application/jwk-set+json';
      ctx.body = body;
    },
  ];
}
