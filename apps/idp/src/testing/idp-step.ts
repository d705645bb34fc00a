import { HttpBrowser, isRedirect, parseForm, type ParsedForm } from '@cloakroom/testkit';

/** What one browser step inside the IdP led to: a redirect, or a page (and its first form). */
export type IdpStep =
  | { redirectTo: URL }
  | { redirectTo?: undefined; status: number; html: string; form: ParsedForm | undefined };

/**
 * One request as a browser makes it (a GET, or a POST of `form`), redirects not followed.
 * `browser` keeps the cookies; the caller decides where to go next.
 */
export async function stepAtIdp(
  browser: HttpBrowser,
  url: URL,
  form?: URLSearchParams,
): Promise<IdpStep> {
  const response = await browser.request(
    url.href,
    form
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        }
      : {},
  );
  const location = response.headers.get('location');
  if (isRedirect(response.status) && location) {
    await response.body?.cancel();
    return { redirectTo: new URL(location, url) };
  }
  const html = await response.text();
  return { status: response.status, html, form: parseForm(html, url) };
}
