import { request } from 'node:http';

/** What a top-level navigation got: status, `Location`, and the page. */
export interface NavigationAnswer {
  status: number;
  location: string | undefined;
  contentType: string | undefined;
  body: string;
}

/**
 * A GET as a browser's top-level navigation sends it (`Sec-Fetch-Mode: navigate`,
 * `Sec-Fetch-Dest: document`, `Accept: text/html`), not followed. Over node:http because
 * fetch() always sends its own `Sec-Fetch-Mode: cors`.
 *
 * @example
 * const answer = await navigate(`${bffUrl}/bff/login?returnTo=/notes`);
 * answer.location; // '/notes?login_error=idp_unavailable'
 */
export function navigate(
  url: string,
  headers: Record<string, string> = {},
): Promise<NavigationAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      headers: {
        accept: 'text/html,application/xhtml+xml',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
        'sec-fetch-site': 'none',
        ...headers,
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
          body,
        }),
      );
    });
    outgoing.end();
  });
}
