/** What one request of the simulated injected script got back. */
export interface Probe {
  path: string;
  status: number;
  /** Every header JavaScript can read (fetch never exposes Set-Cookie). */
  headers: Array<[string, string]>;
  body: string;
}

/**
 * Calls a same-origin endpoint exactly as an injected script would: plain `fetch`, the session
 * cookie sent automatically, and the `X-CSRF: 1` header copied from the app. It keeps everything
 * it can read.
 *
 * @example
 * ```ts
 * const probe = await probeEndpoint('/bff/user');
 * ```
 */
export async function probeEndpoint(path: string): Promise<Probe> {
  try {
    const response = await fetch(path, {
      headers: { 'X-CSRF': '1' },
      credentials: 'same-origin',
    });
    const headers: Array<[string, string]> = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    return { path, status: response.status, headers, body: await response.text() };
  } catch (error) {
    return { path, status: 0, headers: [], body: String(error) };
  }
}
