import type { HttpBrowser } from './http-browser.ts';

/** The first `<form>` of an HTML page: its action and its fields' default values. */
export function parseForm(
  html: string,
  pageUrl: string,
): { action: string; method: string; fields: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no <form> on ${pageUrl}`);
  const attrs = form[1] ?? '';
  const action = /\baction="([^"]*)"/i.exec(attrs)?.[1] ?? pageUrl;
  const method = /\bmethod="([^"]*)"/i.exec(attrs)?.[1] ?? 'get';
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[1] ?? '')?.[1];
    if (!name) continue;
    fields[name] = decodeEntities(/\bvalue="([^"]*)"/i.exec(input[1] ?? '')?.[1] ?? '');
  }
  return {
    action: new URL(decodeEntities(action), pageUrl).href,
    method: method.toLowerCase(),
    fields,
  };
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x2F;', '/')
    .replaceAll('&#39;', "'");
}

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
  const body = new URLSearchParams({
    ...form.fields,
    login: credentials.login,
    password: credentials.password,
  });
  const done = await browser.follow(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { finalUrl: done.url, response: done.response };
}
