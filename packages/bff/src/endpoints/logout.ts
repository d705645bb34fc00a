import type { Context, Middleware } from 'koa';
import { randomState } from 'openid-client';
import { noStore } from '../middleware/no-store.ts';
import { requireCsrfHeader } from '../middleware/require-csrf-header.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import { currentSession } from '../session/session-data.ts';
import type { SessionStore } from '../session/session-store.ts';

/**
 * `POST /bff/logout`: the session is destroyed server-side first (so nothing can use it while
 * the IdP is called), the cookie cleared, the refresh token revoked at the IdP, and the answer
 * names where the browser goes next: the IdP's end-session URL with `client_id` and
 * `post_logout_redirect_uri` and a random `state`, without an `id_token_hint` unless configured (no
 * token in a URL), or `/`.
 */
export function logout(deps: {
  oidc: OidcClient;
  store: SessionStore;
  clientId: string;
  postLogoutRedirectUri: string;
  clearSiteData: boolean;
  idTokenHint: boolean;
  logger: Logger;
  allowedOrigins: ReadonlySet<string>;
  session: Middleware;
}): Middleware[] {
  return [noStore, requireCsrfHeader(deps.allowedOrigins), deps.session, endSession];

  async function endSession(ctx: Context) {
    const session = currentSession(ctx);
    if (session) {
      await guardStoreCall(() => deps.store.destroy(session.storeKey));
      ctx.session = null;
      if (session.tokens.refreshToken) {
        await deps.oidc
          .revoke(session.tokens.refreshToken, 'refresh_token')
          .catch((error: unknown) => {
            deps.logger.warn(
              { code: (error as { code?: string }).code },
              'refresh token revocation failed',
            );
          });
      }
    }
    const endSessionUrl = await deps.oidc
      .endSessionUrl({
        client_id: deps.clientId,
        post_logout_redirect_uri: deps.postLogoutRedirectUri,
        // Always: some IdPs redirect back to post_logout_redirect_uri only with a state. Nothing
        // reads it on the way back; the SPA's landing page needs no proof of where it came from.
        state: randomState(),
        ...(deps.idTokenHint && session?.tokens.idToken
          ? { id_token_hint: session.tokens.idToken }
          : {}),
      })
      .catch(() => undefined);
    // Also drops anything the browser cached or stored for this site under this session.
    if (deps.clearSiteData) ctx.set('Clear-Site-Data', '"cache", "cookies"');
    ctx.body = { redirectTo: endSessionUrl?.href ?? '/' };
  }
}
