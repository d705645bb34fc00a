import type { HttpBrowser } from './http-browser.ts';

/** The BFF's session cookie on plain-HTTP localhost. */
export const cookieName = '__Host-cloakroom';

/**
 * The `Cookie` header value of `browser`'s BFF session on localhost.
 *
 * @example
 * await fetch(`${bffUrl}/api/me`, { headers: { cookie: sessionCookie(browser), 'x-csrf': '1' } });
 */
export function sessionCookie(browser: HttpBrowser): string {
  const cookie = browser.jar.get('localhost', cookieName);
  if (!cookie) throw new Error('no session cookie after login');
  return `${cookieName}=${cookie.value}`;
}
