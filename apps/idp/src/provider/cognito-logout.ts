// Cognito's logout endpoint is not OIDC RP-initiated logout: GET /logout?client_id&logout_uri
// ends the hosted UI session and redirects to logout_uri, which must be one of the app client's
// sign-out URLs (here: its post-logout redirect URIs). It is absent from Cognito's discovery.
import type { Context, Next } from 'koa';
import type { Provider } from 'oidc-provider';
import { errorPage } from '../views/error-page.ts';
import { endIdpSession } from './end-idp-session.ts';

/**
 * A middleware (for `provider.use`) serving Cognito's `GET /logout`.
 *
 * @example
 * ```ts
 * provider.use(cognitoLogout(provider, { backchannel: false, signOutUrls: new Map([[id, uris]]) }));
 * ```
 */
export function cognitoLogout(
  provider: Provider,
  options: {
    backchannel: boolean;
    /** Each client's sign-out URLs (oidc-provider drops post_logout_redirect_uris without RP-initiated logout). */
    signOutUrls: ReadonlyMap<string, readonly string[]>;
  },
) {
  return async function logout(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' || ctx.path !== '/logout') return next();
    ctx.set('cache-control', 'no-store');
    const clientId = ctx.query.client_id;
    const logoutUri = ctx.query.logout_uri;
    const allowed = typeof clientId === 'string' ? options.signOutUrls.get(clientId) : undefined;
    if (!allowed || typeof logoutUri !== 'string' || !allowed.includes(logoutUri)) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = errorPage(
        'invalid_request',
        allowed ? 'logout_uri is not a sign-out URL of this client' : 'unknown client_id',
      );
      return;
    }
    await endIdpSession(provider, ctx, options);
    ctx.status = 302;
    ctx.redirect(logoutUri);
  };
}
