import { CookieJar } from './cookie-jar.ts';
import { jarFetch } from './jar-fetch.ts';
import { parseForm } from './parse-form.ts';

/** Options of {@link loginAtIdp}. */
export interface LoginAtIdpOptions {
  /** The IdP authorization URL the client redirected to (its origin is the IdP's). */
  authorizationUrl: string | URL;
  login: string;
  password: string;
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
 * login form (inputs `login` and `password`) once, and stops at the first redirect that leaves
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
  const idpOrigin = new URL(options.authorizationUrl).origin;
  let url = new URL(options.authorizationUrl);
  let form: URLSearchParams | undefined;
  let submitted = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    const response = await jarFetch(jar, url, form ? { form } : {});
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== idpOrigin) return { callbackUrl: next, jar };
      url = next;
      continue;
    }
    const html = await response.text();
    const page = parseForm(html, url);
    if (!page || !page.fields.has('login')) {
      throw new Error(
        `unexpected IdP answer ${response.status} at ${url.href}: ${html.slice(0, 200)}`,
      );
    }
    if (submitted) throw new LoginRejectedError(response.status);
    page.fields.set('login', options.login);
    page.fields.set('password', options.password);
    form = page.fields;
    url = new URL(page.action);
    submitted = true;
  }
  throw new Error(`no redirect out of the IdP after ${MAX_STEPS} steps`);
}
