// oidc-provider follows OIDC Core §11 to the letter: `offline_access` counts only together with
// prompt=consent, otherwise it is dropped from the request without a word. Real IdPs differ
// both ways, and these middlewares (for `provider.use`, on authorization requests) make the
// provider do as they do.
import { readLimited } from '@cloakroom/http-server';
import type { Context, Next } from 'koa';
import type { Provider } from 'oidc-provider';

/** oidc-provider's own limit for request bodies. */
const BODY_LIMIT = 56 * 1024;

const asksOffline = (ctx: Context) =>
  typeof ctx.query.scope === 'string' && ctx.query.scope.split(' ').includes('offline_access');

/** `prompt` with `consent` added, unless it is `none` (which must stay alone) or has it. */
function withConsent(prompt: unknown): string | undefined {
  const prompts = String(prompt ?? '')
    .split(' ')
    .filter(Boolean);
  if (prompts.includes('none') || prompts.includes('consent')) return undefined;
  return [...prompts, 'consent'].join(' ');
}

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
  const authorization = provider.pathFor('authorization', { mountPath: '' });
  let par: string | undefined;
  try {
    par = provider.pathFor('pushed_authorization_request', { mountPath: '' });
  } catch {
    par = undefined; // PAR disabled
  }
  return async function honour(ctx: Context, next: Next): Promise<void> {
    if (ctx.method === 'GET' && ctx.path === authorization && asksOffline(ctx)) {
      // prompt=none stays alone: a silent login gets no refresh token, as the spec says.
      const prompt = withConsent(ctx.query.prompt);
      if (prompt) ctx.query = { ...ctx.query, prompt };
    }
    const posted = ctx.path === authorization || ctx.path === par;
    if (ctx.method === 'POST' && posted && ctx.is('application/x-www-form-urlencoded')) {
      // The form is read here and handed to oidc-provider as an already parsed body.
      const raw = await readLimited(ctx.req, BODY_LIMIT);
      if (!raw) {
        ctx.status = 413;
        ctx.body = { error: 'invalid_request', error_description: 'request body too large' };
        return;
      }
      const form = new URLSearchParams(raw.toString('utf8'));
      const prompt = form.get('scope')?.split(' ').includes('offline_access')
        ? withConsent(form.get('prompt'))
        : undefined;
      if (prompt) form.set('prompt', prompt);
      (ctx.request as { body?: unknown }).body = form.toString();
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
