import { request } from 'node:http';
import type { HttpBrowser } from '@cloakroom/testkit';

/**
 * A raw HTTP/1.1 GET to the BFF as `browser` (its cookies, and `X-CSRF: 1`), for targets and
 * header names that fetch() would normalise (`/api/..;/x`, `%2e`, `X_Forwarded_For`).
 *
 * @example
 * const { status } = await rawRequest(stack.bffUrl, browser, '/api//admin');
 */
export function rawRequest(
  bffUrl: string,
  browser: HttpBrowser,
  target: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(bffUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: target,
        headers: { 'x-csrf': '1', cookie: browser.jar.header(bffUrl) ?? '', ...extra },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
