import { DEV_USERS } from '../accounts.ts';
import { escapeHtml, layout } from './html.ts';

/** What the login page shows. */
export interface LoginPageModel {
  /** Where the form posts. */
  action: string;
  /** Where "Cancel" goes: it aborts the login and returns `access_denied` to the client. */
  abortUrl: string;
  clientName: string;
  login?: string;
  error?: string;
  /**
   * The one-time code this sign-in needs (`urn:cloakroom:acr:mfa`): shown on the page, since
   * this is a dev IdP, and asked for in an input named `otp`.
   */
  oneTimeCode?: string;
}

/**
 * The sign-in form: inputs `login` and `password`, one submit button (the contract's shape);
 * with a `oneTimeCode`, also an input `otp` and the code to type in it. And "Cancel", as real
 * IdPs offer: the user goes back to the application, which gets `error=access_denied`. Cancel
 * is a link drawn as a button, so the page keeps exactly one `<button>` for scripts that look
 * for "the" submit button.
 *
 * @example
 * ```ts
 * ctx.body = loginPage({ action: `/interaction/${uid}/login`, abortUrl, clientName: 'cloakroom-bff' });
 * ```
 */
export function loginPage(model: LoginPageModel): string {
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  const users = DEV_USERS.map(
    (user) => `<code>${escapeHtml(user.login)}</code> / <code>${escapeHtml(user.password)}</code>`,
  ).join(', ');
  const otp = model.oneTimeCode
    ? `<p class="code">This action needs a second step. Your one-time code: <strong data-testid="otp-code">${escapeHtml(model.oneTimeCode)}</strong></p>
<label>One-time code<input name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required></label>
`
    : '';
  return layout(
    'Sign in',
    `<p>to continue to <strong>${escapeHtml(model.clientName)}</strong></p>
${error}<form method="post" action="${escapeHtml(model.action)}" autocomplete="off">
<label>Username<input name="login" value="${escapeHtml(model.login ?? '')}" required${model.login ? '' : ' autofocus'} autocapitalize="none" spellcheck="false"></label>
<label>Password<input name="password" type="password" required${model.login ? ' autofocus' : ''}></label>
${otp}<button type="submit">Sign in</button>
</form>
<a class="cancel" href="${escapeHtml(model.abortUrl)}">Cancel</a>
<p class="hint">Test users: ${users}.</p>`,
  );
}
