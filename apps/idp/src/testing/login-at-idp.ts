import { CookieJar, HttpBrowser } from '@cloakroom/testkit';
import { stepAtIdp } from './idp-step.ts';

/** Options of {@link loginAtIdp}. */
export interface LoginAtIdpOptions {
  /** The IdP authorization URL the client redirected to (its origin is the IdP's). */
  authorizationUrl: string | URL;
  login: string;
  password: string;
  /**
   * The one-time code to type when the form asks for one (input `otp`, an `mfa` login).
   * Default: the code the page shows, as a user would read it.
   */
  otp?: string;
  /** The "browser": reuse one to keep the IdP session (SSO) between calls. */
  jar?: CookieJar;
}

/** Where the IdP sent the browser back, and the browser's cookies. */
export interface LoginAtIdpResult {
  /** The first redirect that leaves the IdP: the client's redirect_uri with `code`/`state` or `error`. */
  callbackUrl: URL;
  jar: CookieJar;
}

/** The IdP showed its login form again after the password was submitted. */
export class LoginRejectedError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`the IdP rejected the login (form shown again, status ${status})`);
    this.status = status;
  }
}

const MAX_STEPS = 20;

/**
 * Logs in at the dev IdP over plain HTTP like a browser: follows the IdP's redirects, fills the
 * login form (inputs `login` and `password`, and `otp` with the code the page shows when it asks
 * for one) once, and stops at the first redirect that leaves
 * the IdP's origin. When the jar still holds an IdP session, no form is shown and none is filled.
 *
 * @example
 * ```ts
 * const res = await fetch(`${bffUrl}/bff/login`, { redirect: 'manual' });
 * const { callbackUrl } = await loginAtIdp({
 *   authorizationUrl: res.headers.get('location')!, login: 'alice', password: 'alice-pw',
 * });
 * // now GET callbackUrl at the BFF
 * ```
 */
export async function loginAtIdp(options: LoginAtIdpOptions): Promise<LoginAtIdpResult> {
  const jar = options.jar ?? new CookieJar();
  const browser = new HttpBrowser(jar);
  const idpOrigin = new URL(options.authorizationUrl).origin;
  let url = new URL(options.authorizationUrl);
  let form: URLSearchParams | undefined;
  let submitted = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    const answer = await stepAtIdp(browser, url, form);
    form = undefined;
    if (answer.redirectTo) {
      if (answer.redirectTo.origin !== idpOrigin) return { callbackUrl: answer.redirectTo, jar };
      url = answer.redirectTo;
      continue;
    }
    const page = answer.form;
    if (!page || !page.fields.has('login')) {
      throw new Error(
        `unexpected IdP answer ${answer.status} at ${url.href}: ${answer.html.slice(0, 200)}`,
      );
    }
    if (submitted) throw new LoginRejectedError(answer.status);
    page.fields.set('login', options.login);
    page.fields.set('password', options.password);
    if (page.fields.has('otp')) page.fields.set('otp', options.otp ?? shownCode(answer.html));
    form = page.fields;
    url = new URL(page.action);
    submitted = true;
  }
  throw new Error(`no redirect out of the IdP after ${MAX_STEPS} steps`);
}

/** The one-time code the IdP's login page shows (see views/login-page.ts). */
export function shownCode(html: string): string {
  const code = /data-testid="otp-code">(\d{6})</.exec(html)?.[1];
  if (!code) throw new Error('the IdP asks for a one-time code but shows none');
  return code;
}
