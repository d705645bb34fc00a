/** One stored cookie with the attributes tests assert on. */
export interface JarCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/**
 * A deliberately small cookie jar for driving the BFF and IdP over HTTP: cookies are kept per
 * host name (so `localhost` and `127.0.0.1` stay apart, as in a browser), a `Max-Age=0` or past
 * `Expires` deletes, and every raw `Set-Cookie` line is recorded for assertions.
 */
export class CookieJar {
  readonly #byHost = new Map<string, Map<string, JarCookie>>();
  /** Every Set-Cookie line received, in order, with the URL that sent it. */
  readonly received: Array<{ url: string; line: string }> = [];

  store(url: string, setCookieLines: string[]): void {
    const host = new URL(url).hostname;
    let cookies = this.#byHost.get(host);
    if (!cookies) {
      cookies = new Map();
      this.#byHost.set(host, cookies);
    }
    for (const line of setCookieLines) {
      this.received.push({ url, line });
      const cookie = parseSetCookie(line);
      const maxAge = cookie.attributes['max-age'];
      const expires = cookie.attributes.expires;
      const expired =
        (typeof maxAge === 'string' && Number(maxAge) <= 0) ||
        (typeof expires === 'string' && Date.parse(expires) <= Date.now()) ||
        cookie.value === '';
      if (expired) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie);
    }
  }

  header(url: string): string | undefined {
    const cookies = this.#byHost.get(new URL(url).hostname);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies.values()].map((c) => `${c.name}=${c.value}`).join('; ');
  }

  get(host: string, name: string): JarCookie | undefined {
    return this.#byHost.get(host)?.get(name);
  }

  all(host: string): JarCookie[] {
    return [...(this.#byHost.get(host)?.values() ?? [])];
  }

  set(host: string, name: string, value: string): void {
    let cookies = this.#byHost.get(host);
    if (!cookies) {
      cookies = new Map();
      this.#byHost.set(host, cookies);
    }
    cookies.set(name, { name, value, attributes: {} });
  }

  /** Forgets every cookie of `host` (e.g. to end the IdP's single sign-on session). */
  clear(host: string): void {
    this.#byHost.delete(host);
  }

  delete(host: string, name: string): void {
    this.#byHost.get(host)?.delete(name);
  }
}

/** Parses one Set-Cookie line; attribute names are lower-cased. */
export function parseSetCookie(line: string): JarCookie {
  const [pair = '', ...attributeParts] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const attributes: Record<string, string | true> = {};
  for (const part of attributeParts) {
    const at = part.indexOf('=');
    if (at === -1) attributes[part.trim().toLowerCase()] = true;
    else attributes[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
  }
  return { name, value, attributes };
}
