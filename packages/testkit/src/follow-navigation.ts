import { request } from 'node:http';
import { isRedirect, type HttpBrowser } from './http-browser.ts';

/** Where a followed navigation ended: the last answer, its URL, and its page. */
export interface FollowedNavigation {
  status: number;
  /** The absolute URL of the last answer. */
  url: string;
  contentType: string | undefined;
  body: string;
}

/**
 * Follows a top-level navigation in `browser` from `url` as a browser does: every hop is a GET
 * with `Sec-Fetch-Mode: navigate` and `Sec-Fetch-Dest: document` (which `fetch()` cannot send,
 * hence node:http), carries the jar's cookies for its host and stores the cookies it sets, and
 * is recorded in `browser.hops`. Ends at the first answer that is not a redirect.
 *
 * @example
 * const browser = await logInBrowser(bffUrl); // the IdP session lives in browser.jar
 * const end = await followNavigation(browser, `${bffUrl}/bff/login?returnTo=/x&prompt=none`);
 * end.url; // `${bffUrl}/x`
 */
export async function followNavigation(
  browser: HttpBrowser,
  url: string,
  maxHops = 20,
): Promise<FollowedNavigation> {
  let current = url;
  for (let hop = 0; hop <= maxHops; hop += 1) {
    const answer = await get(current, browser.jar.header(current));
    browser.jar.store(current, answer.setCookies);
    browser.hops.push({ url: current, status: answer.status, location: answer.location });
    if (!isRedirect(answer.status) || !answer.location) {
      return {
        status: answer.status,
        url: current,
        contentType: answer.contentType,
        body: answer.body,
      };
    }
    current = new URL(answer.location, current).href;
  }
  throw new Error(`more than ${maxHops} redirects from ${url}`);
}

function get(url: string, cookie: string | undefined) {
  return new Promise<{
    status: number;
    location: string | undefined;
    contentType: string | undefined;
    setCookies: string[];
    body: string;
  }>((resolve, reject) => {
    const outgoing = request(url, {
      headers: {
        accept: 'text/html,application/xhtml+xml',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
        ...(cookie ? { cookie } : {}),
      },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          location: response.headers.location,
          contentType: response.headers['content-type'],
          setCookies: response.headers['set-cookie'] ?? [],
          body,
        }),
      );
    });
    outgoing.end();
  });
}
