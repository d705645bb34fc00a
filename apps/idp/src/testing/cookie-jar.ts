interface StoredCookie {
  value: string;
  path: string;
  expiresAt: number;
}

/**
 * The least a test needs from a browser's cookie store: cookies per host name (as browsers
 * scope them; ports do not matter), honouring `Path`, `Max-Age` and `Expires`. It ignores
 * `Secure` and `SameSite`: tests that are about those should use a real browser.
 *
 * @example
 * ```ts
 * const jar = new CookieJar();
 * const res = await fetch(url, { headers: { cookie: jar.header(url) }, redirect: 'manual' });
 * jar.store(url, res);
 * ```
 */
export class CookieJar {
  readonly #hosts = new Map<string, Map<string, StoredCookie>>();

  /** Remembers every `Set-Cookie` of `response`, received for `url`. */
  store(url: string | URL, response: Response): void {
    const { hostname, pathname } = new URL(url);
    const cookies = this.#hosts.get(hostname) ?? new Map<string, StoredCookie>();
    this.#hosts.set(hostname, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const cookie: StoredCookie = {
        value: pair.slice(eq + 1).trim(),
        path: pathname.slice(0, pathname.lastIndexOf('/') + 1) || '/',
        expiresAt: Infinity,
      };
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const value = rest.join('=').trim();
        switch (key.trim().toLowerCase()) {
          case 'path':
            cookie.path = value || '/';
            break;
          case 'max-age':
            cookie.expiresAt = Date.now() + Number(value) * 1000;
            break;
          case 'expires':
            if (cookie.expiresAt === Infinity) cookie.expiresAt = Date.parse(value);
            break;
        }
      }
      const key = `${cookie.path}\0${name}`;
      if (cookie.expiresAt <= Date.now()) cookies.delete(key);
      else cookies.set(key, cookie);
    }
  }

  /** The `Cookie` header a browser would send to `url` ('' when none). */
  header(url: string | URL): string {
    const { hostname, pathname } = new URL(url);
    const now = Date.now();
    const pairs: string[] = [];
    for (const [key, cookie] of this.#hosts.get(hostname) ?? []) {
      if (cookie.expiresAt <= now) continue;
      const inPath =
        pathname === cookie.path ||
        pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`);
      if (inPath) pairs.push(`${key.slice(key.indexOf('\0') + 1)}=${cookie.value}`);
    }
    return pairs.join('; ');
  }

  /** The value of cookie `name` visible at `url`, if any. */
  get(url: string | URL, name: string): string | undefined {
    for (const pair of this.header(url).split('; ')) {
      const eq = pair.indexOf('=');
      if (pair.slice(0, eq) === name) return pair.slice(eq + 1);
    }
    return undefined;
  }
}
