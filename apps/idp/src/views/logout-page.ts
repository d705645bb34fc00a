import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, layout } from './html.ts';

/**
 * `features.rpInitiatedLogout.logoutSource`. `form` is oidc-provider's hidden form carrying the
 * xsrf secret; the confirmation is the CSRF guard of the end-session endpoint, so it stays. The
 * single button goes inside that form and signs out of every client of the session.
 */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
  const button = '<button type="submit" name="logout" value="yes" autofocus>Sign out</button>';
  const what = client ? ` of <strong>${escapeHtml(client)}</strong> and` : '';
  ctx.type = 'html';
  ctx.body = layout(
    'Sign out?',
    `<p>You will be signed out${what} of this identity provider.</p>
${form.replace('</form>', `${button}</form>`)}`,
  );
}

/** `features.rpInitiatedLogout.postLogoutSuccessSource`: shown when no redirect URI was given. */
export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html';
  ctx.body = layout('Signed out', '<p>You are signed out. You can close this window.</p>');
}
