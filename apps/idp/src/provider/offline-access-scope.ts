// oidc-provider follows OIDC Core §11 to the letter: `offline_access` counts only together with
// prompt=consent, otherwise it is dropped from the request without a word. Real IdPs differ
// both ways, and these middlewares (for `provider.use`, on GET requests to the authorization
// endpoint) make the provider do as they do. POSTed and pushed (PAR) authorization requests
// keep oidc-provider's rule.
import type { Context, Next } from 'koa';
import type { Provider } from 'oidc-provider';

const asksOffline = (ctx: Context) =>
  typeof ctx.query.scope === 'string' && ctx.query.scope.split(' ').includes('offline_access');

/**
 * Okta and Auth0 issue a refresh token for `offline_access` alone. Asking for it counts as
 * asking for consent here, which the first-party client is granted without a page.
 *
 * @example
 * ```ts
 * if (behaviour.refreshTokens === 'offline_access') provider.use(honourOfflineAccess(provider));
 * ```
 */
export function honourOfflineAccess(provider: Provider) {
  const path = provider.pathFor('authorization', { mountPath: '' });
  return async function honour(ctx: Context, next: Next): Promise<void> {
    if (ctx.method === 'GET' && ctx.path === path && asksOffline(ctx)) {
      const prompts = String(ctx.query.prompt ?? '')
        .split(' ')
        .filter(Boolean);
      // prompt=none must stay alone: a silent login gets no refresh token, as the spec says.
      if (!prompts.includes('none') && !prompts.includes('consent')) {
        ctx.query = { ...ctx.query, prompt: [...prompts, 'consent'].join(' ') };
      }
    }
    return next();
  };
}

/**
 * Google has no `offline_access` scope: asking for it is an `invalid_scope` error, sent back to
 * a registered redirect URI (with `iss` when `withIss`).
 *
 * @example
 * ```ts
 * if (!behaviour.offlineAccessScope) provider.use(refuseOfflineAccess(provider, false));
 * ```
 */
export function refuseOfflineAccess(provider: Provider, withIss: boolean) {
  const path = provider.pathFor('authorization', { mountPath: '' });
  return async function refuse(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' || ctx.path !== path || !asksOffline(ctx)) return next();
    const { client_id: clientId, redirect_uri: redirectUri, state } = ctx.query;
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    // Without a redirect URI known to be the client's, the provider's own error page answers.
    if (!client || typeof redirectUri !== 'string' || !client.redirectUriAllowed(redirectUri)) {
      return next();
    }
    const url = new URL(redirectUri);
    url.searchParams.set('error', 'invalid_scope');
    url.searchParams.set('error_description', 'Some requested scopes were invalid: offline_access');
    if (typeof state === 'string') url.searchParams.set('state', state);
    if (withIss) url.searchParams.set('iss', provider.issuer);
    ctx.set('cache-control', 'no-store');
    ctx.status = 303;
    ctx.redirect(url.href);
  };
}
