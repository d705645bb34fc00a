import { CookieJar, HttpBrowser } from '@cloakroom/testkit';
import { stepAtIdp } from './idp-step.ts';

/** Where RP-initiated logout ended. */
export interface LogoutAtIdpResult {
  /** The first redirect that left the IdP (the post_logout_redirect_uri), if any. */
  redirectUrl?: URL;
  /** The IdP page shown last when no redirect left it (e.g. its "Signed out" page). */
  finalPage?: { url: URL; status: number; html: string };
  jar: CookieJar;
}

const MAX_STEPS = 10;

/**
 * Drives RP-initiated logout like a browser: opens `endSessionUrl`, confirms the IdP's
 * sign-out form (its single button), follows redirects within the IdP. Back-channel logout
 * tokens are sent by the IdP before it answers the confirmation. It serves every `endSession`
 * variant: `standard` and `needs-hint-and-state` (a page instead of a redirect without
 * `id_token_hint` or `state`: see `finalPage`), and `cognito` (pass its
 * `/logout?client_id&logout_uri` URL: a redirect, or a 400 `finalPage`). Whether the IdP
 * session really ended: `idpSessionAlive(idp, jar)`.
 *
 * @example
 * ```ts
 * const { redirectUrl } = await logoutAtIdp({ endSessionUrl: redirectTo, jar });
 * ```
 */
export async function logoutAtIdp(options: {
  endSessionUrl: string | URL;
  jar?: CookieJar;
}): Promise<LogoutAtIdpResult> {
  const jar = options.jar ?? new CookieJar();
  const browser = new HttpBrowser(jar);
  const idpOrigin = new URL(options.endSessionUrl).origin;
  let url = new URL(options.endSessionUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const answer = await stepAtIdp(browser, url, form);
    form = undefined;
    if (answer.redirectTo) {
      if (answer.redirectTo.origin !== idpOrigin) return { redirectUrl: answer.redirectTo, jar };
      url = answer.redirectTo;
      continue;
    }
    const page = answer.form;
    // The confirmation form (or oidc-provider's auto-submitting one when there is no session).
    if (page && page.method === 'POST' && page.fields.has('xsrf')) {
      form = page.fields;
      url = new URL(page.action);
      continue;
    }
    return { finalPage: { url, status: answer.status, html: answer.html }, jar };
  }
  throw new Error(`logout did not finish after ${MAX_STEPS} steps`);
}
