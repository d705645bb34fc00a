// Okta-like RP-initiated logout (issue 19): the end-session endpoint ends the IdP session only
// when the request carries id_token_hint (without it, the app is told it is signed out but the
// IdP session lives on), and it goes back to post_logout_redirect_uri only when a state is
// sent (without one, it shows its own "signed out" page). The rest is oidc-provider's endpoint.
// GET only: that is how a BFF sends the browser there.
import type { Context, Next } from 'koa';
import type { Provider } from 'oidc-provider';
import { layout } from '../views/html.ts';

/**
 * A middleware (for `provider.use`) in front of the end-session endpoint.
 *
 * @example
 * ```ts
 * if (behaviour.endSession === 'needs-hint-and-state') provider.use(hintedEndSession(provider));
 * ```
 */
export function hintedEndSession(provider: Provider) {
  const path = provider.pathFor('end_session', { mountPath: '' });
  return async function hinted(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' || ctx.path !== path) return next();
    const query = { ...ctx.query };
    if (!query.id_token_hint) {
      ctx.set('cache-control', 'no-store');
      ctx.type = 'html';
      ctx.body = layout(
        'Signed out of the app',
        '<p>You are signed out of the application, but still signed in at this identity provider.</p>',
      );
      return;
    }
    if (!query.state && query.post_logout_redirect_uri !== undefined) {
      delete query.post_logout_redirect_uri;
      ctx.query = query;
    }
    return next();
  };
}
