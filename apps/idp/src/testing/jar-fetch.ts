import type { CookieJar } from './cookie-jar.ts';

/**
 * One HTTP request the way a browser makes it: cookies from `jar` go out, `Set-Cookie`s come
 * back into it, redirects are not followed (the caller decides where to go next).
 *
 * @example
 * ```ts
 * const res = await jarFetch(jar, `${idp.url}/session/end?client_id=cloakroom-bff`);
 * ```
 */
export async function jarFetch(
  jar: CookieJar,
  url: string | URL,
  init: { method?: string; form?: URLSearchParams } = {},
): Promise<Response> {
  const headers = new Headers();
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  if (init.form) headers.set('content-type', 'application/x-www-form-urlencoded');
  const response = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers,
    redirect: 'manual',
    ...(init.form ? { body: init.form.toString() } : {}),
  });
  jar.store(url, response);
  return response;
}
