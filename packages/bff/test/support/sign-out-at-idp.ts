import { parseForm, type HttpBrowser } from '@cloakroom/testkit';
import { readJson } from './read-json.ts';

/**
 * The user signs out at the IdP itself (not through the BFF), confirming its form: the IdP then
 * sends the BFF a back-channel logout.
 *
 * @example
 * await signOutAtIdp(browser, stack.idp.issuer);
 */
export async function signOutAtIdp(browser: HttpBrowser, issuer: string): Promise<void> {
  const discovery = await readJson<{ end_session_endpoint: string }>(
    await fetch(`${issuer}/.well-known/openid-configuration`),
  );
  const page = await browser.follow(`${discovery.end_session_endpoint}?client_id=cloakroom-bff`);
  const form = parseForm(await page.response.text(), page.url);
  if (!form) throw new Error(`no <form> on ${page.url}`);
  form.fields.set('logout', 'yes');
  await browser.follow(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields,
  });
}
