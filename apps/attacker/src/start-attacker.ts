import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { listen } from '@cloakroom/http-server';
import { renderPage } from './render-page.ts';

/** Where the attacker page listens and which BFF it attacks. */
export interface AttackerOptions {
  /** The BFF's public origin, e.g. `http://localhost:3000`; the page attacks exactly this. */
  bffUrl: string;
  /** Default 0: a free port. `pnpm start` uses 4002. */
  port?: number;
  /** Default `127.0.0.1`: another *site* than the BFF's `localhost`, as a real attacker is. */
  host?: string;
}

/** A listening attacker page. */
export interface RunningAttacker {
  url: string;
  close(): Promise<void>;
}

const publicDir = new URL('../public/', import.meta.url);
const files: Record<string, string> = {
  '/attack.js': 'text/javascript; charset=utf-8',
  '/evil.css': 'text/css; charset=utf-8',
  '/favicon.svg': 'image/svg+xml',
};

/**
 * Starts the CSRF demo's attacker page. The page's CSP allows its own files and, towards the
 * BFF, exactly what the attacks need: a form post, a frame, `fetch` and an image.
 *
 * @example
 * ```ts
 * const attacker = await startAttacker({ bffUrl: 'http://localhost:3000' });
 * await page.goto(attacker.url); // runs the three attacks on load
 * await attacker.close();
 * ```
 */
export async function startAttacker(options: AttackerOptions): Promise<RunningAttacker> {
  const { port = 0, host = '127.0.0.1' } = options;
  if (!URL.canParse(options.bffUrl) || !/^https?:$/.test(new URL(options.bffUrl).protocol)) {
    throw new TypeError(
      `startAttacker: bffUrl must be an http(s) URL, got ${JSON.stringify(options.bffUrl)}`,
    );
  }
  const bff = new URL(options.bffUrl).origin;
  const html = renderPage(bff);
  const assets = new Map(
    await Promise.all(
      Object.entries(files).map(
        async ([path, type]) =>
          [path, { type, body: await readFile(new URL(`.${path}`, publicDir)) }] as const,
      ),
    ),
  );
  const csp =
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' ${bff}; ` +
    `connect-src ${bff}; form-action ${bff}; frame-src ${bff}; base-uri 'none'`;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://attacker').pathname;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const asset = assets.get(path);
    if (!asset) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': asset.type });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  });

  const listening = await listen(server, { port, host });
  return { url: `${listening.url}/`, close: listening.close };
}
