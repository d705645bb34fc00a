import { CookieJar } from './cookie-jar.ts';

export interface Hop {
  url: string;
  status: number;
  location?: string | undefined;
}

/**
 * Drives HTTP like a browser would for the flows under test: keeps cookies per host, follows
 * redirects by hand (so each hop can be inspected), and records every URL visited.
 */
export class HttpBrowser {
  readonly jar: CookieJar;
  readonly hops: Hop[] = [];

  /** Pass a `jar` to share cookies (e.g. an IdP session) with another browser or helper. */
  constructor(jar = new CookieJar()) {
    this.jar = jar;
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(url);
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.store(url, response.headers.getSetCookie());
    this.hops.push({
      url,
      status: response.status,
      location: response.headers.get('location') ?? undefined,
    });
    return response;
  }

  /** Requests `url` and follows redirects (as GETs) until a non-redirect answer. */
  async follow(
    url: string,
    init: RequestInit = {},
    maxHops = 20,
  ): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hop = 0; hop < maxHops && isRedirect(response.status); hop += 1) {
      const location = response.headers.get('location');
      if (!location) break;
      await response.body?.cancel();
      current = new URL(location, current).href;
      response = await this.request(current);
    }
    return { response, url: current };
  }
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}
