import { HttpBrowser } from './http-browser.ts';
import { loginOverHttp } from './login-over-http.ts';

/** A contract user. */
export interface Credentials {
  login: string;
  password: string;
}

/** The contract's first user. */
export const alice: Credentials = { login: 'alice', password: 'alice-pw' };

/**
 * A fresh browser logged in at the BFF on `bffUrl` through the IdP's login form, ending back on
 * the BFF (on `returnTo`) — or an error that says where it ended instead.
 *
 * @example
 * const browser = await logInBrowser('http://localhost:3000');
 */
export async function logInBrowser(
  bffUrl: string,
  user: Credentials = alice,
  returnTo?: string,
): Promise<HttpBrowser> {
  const browser = new HttpBrowser();
  const result = await loginOverHttp(browser, bffUrl, {
    ...user,
    ...(returnTo ? { returnTo } : {}),
  });
  await result.response.body?.cancel();
  if (!result.finalUrl.startsWith(bffUrl)) {
    throw new Error(`login ended at ${result.finalUrl} (${result.response.status})`);
  }
  return browser;
}
