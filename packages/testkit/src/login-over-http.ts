import type { HttpBrowser } from './http-browser.ts';
import { parseForm } from './parse-form.ts';

/**
 * Logs in through the BFF and the IdP's own login page over plain HTTP, as a browser would:
 * `/bff/login` → IdP authorization → login form → submit → callback → `returnTo`.
 * Returns the final response (on `returnTo`) and the login page URL it passed.
 */
export async function loginOverHttp(
  browser: HttpBrowser,
  bffUrl: string,
  credentials: { login: string; password: string; returnTo?: string },
): Promise<{ finalUrl: string; response: Response }> {
  const start = new URL('/bff/login', bffUrl);
  if (credentials.returnTo !== undefined) start.searchParams.set('returnTo', credentials.returnTo);
  const page = await browser.follow(start.href);
  if (page.response.status !== 200) {
    throw new Error(`expected the IdP login page, got ${page.response.status} at ${page.url}`);
  }
  const form = parseForm(await page.response.text(), page.url);
  if (!form) throw new Error(`no <form> on ${page.url}`);
  form.fields.set('login', credentials.login);
  form.fields.set('password', credentials.password);
  const done = await browser.follow(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields,
  });
  return { finalUrl: done.url, response: done.response };
}
