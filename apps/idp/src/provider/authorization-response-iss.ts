// oidc-provider 9 always adds RFC 9207's `iss` to authorization responses. IdPs without it
// (Auth0, Entra, Okta, Google, Cognito) are imitated by taking it out of the redirect again;
// discovery drops the flag (discovery-rewrite.ts). Only the query response mode is edited: the
// code flow's default, and the only one the BFF uses.
import type { Context, Next } from 'koa';

/**
 * A middleware (for `provider.use`) that removes `iss` from authorization responses (a redirect
 * carrying `code` or `error` and `iss` equal to the issuer).
 *
 * @example
 * ```ts
 * if (!behaviour.authorizationResponseIss) provider.use(dropAuthorizationResponseIss(provider.issuer));
 * ```
 */
export function dropAuthorizationResponseIss(issuer: string) {
  return async function withoutIss(ctx: Context, next: Next): Promise<void> {
    await next();
    const location = ctx.response.get('location');
    if (ctx.status < 300 || ctx.status >= 400 || !location || !URL.canParse(location)) return;
    const url = new URL(location);
    const params = url.searchParams;
    if (params.get('iss') !== issuer || !(params.has('code') || params.has('error'))) return;
    params.delete('iss');
    ctx.response.set('location', url.href);
  };
}
