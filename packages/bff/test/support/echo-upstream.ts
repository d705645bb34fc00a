import type { IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from '@cloakroom/testkit';

export interface EchoRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

/**
 * An upstream that records what reached it and answers with it, plus a few misbehaviours on
 * cue by path: `/set-cookie` sets a cookie, `/hang` never answers, `/download?bytes=N` streams.
 * On any echoing path, each `header=Name: value` query parameter adds that response header
 * (repeated names give several values), for answers an upstream could use against the origin.
 */
export async function startEchoUpstream() {
  const seen: EchoRequest[] = [];
  const server = await listenOnLoopback();
  server.attach((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname === '/hang') return;
    if (url.pathname === '/download') {
      const total = Number(url.searchParams.get('bytes'));
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(total),
      });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes,
      };
      seen.push(record);
      const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
      if (url.pathname === '/set-cookie') headers['set-cookie'] = ['upstream=1; Path=/'];
      for (const line of url.searchParams.getAll('header')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        const before = headers[name];
        headers[name] =
          before === undefined || name === 'content-type'
            ? value
            : [...(Array.isArray(before) ? before : [before]), value];
      }
      if (url.pathname === '/no-content') {
        res.writeHead(204, headers);
        res.end();
        return;
      }
      res.writeHead(200, headers);
      res.end(JSON.stringify(record));
    });
  });
  return { url: `http://127.0.0.1:${server.port}`, seen, close: server.close };
}
