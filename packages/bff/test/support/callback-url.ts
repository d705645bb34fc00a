import { parseForm, type HttpBrowser } from '@cloakroom/testkit';

/**
 * Runs a login as alice up to the IdP's redirect back to the BFF's callback, without following
 * it: the callback URL (code, state, iss) for a test to send as it likes.
 */
export async function callbackUrlFor(bffUrl: string, browser: HttpBrowser): Promise<URL> {
  const page = await browser.follow(`${bffUrl}/bff/login`);
  const form = parseForm(await page.response.text(), page.url);
  if (!form) throw new Error(`no <form> on ${page.url}`);
  form.fields.set('login', 'alice');
  form.fields.set('password', 'alice-pw');
  let response = await browser.request(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields,
  });
  let url = form.action;
  while (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const next = new URL(response.headers.get('location')!, url);
    if (next.href.startsWith(`${bffUrl}/bff/callback`)) return next;
    url = next.href;
    response = await browser.request(url);
  }
  throw new Error(`no callback redirect; ended at ${url} with ${response.status}`);
}
