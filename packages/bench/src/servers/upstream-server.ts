// The upstream API under every proxy: as cheap as a Node server gets, so that what the
// benchmark sees is the proxies' cost. `GET /item` answers ~200 bytes of JSON; `GET /download`
// streams `?bytes=N` from one reused buffer; `POST /upload` counts and discards the body;
// `GET /fresh` answers 401 unless the bearer JWT's `exp` is still ahead (decoded, not verified:
// the peers' refresh storm asks whether a proxy sent a live token, not whether it is genuine).
import { createServer } from 'node:http';
import { serveAsChild } from './child-protocol.ts';

const item = Buffer.from(
  JSON.stringify({
    id: 1,
    text: 'A note kept by the benchmark upstream; long enough to look like a real API answer.',
    createdAt: '2026-01-01T00:00:00.000Z',
    tags: ['bench', 'json'],
    done: false,
  }),
);
const chunk = Buffer.alloc(64 * 1024, 'x');

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://upstream');
  if (url.pathname === '/item') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': item.length });
    res.end(item);
    return;
  }
  if (url.pathname === '/fresh') {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    let exp = 0;
    try {
      exp = Number(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).exp);
    } catch {
      exp = 0;
    }
    const live = exp * 1000 > Date.now();
    req.resume();
    res.writeHead(live ? 200 : 401, { 'content-type': 'application/json' });
    res.end(live ? '{"fresh":true}' : '{"error":"expired_token"}');
    return;
  }
  if (url.pathname === '/download') {
    const total = Number(url.searchParams.get('bytes') ?? 0);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
    let left = total;
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
    return;
  }
  if (url.pathname === '/events') {
    // An event stream that stays quiet (an idle notification channel): headers at once, then
    // a comment at once, then one every `every` seconds when asked (default: none).
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    // One comment at once: a proxy that sends headers only with the first bytes passes it on.
    res.write(':open\n\n');
    const every = Number(url.searchParams.get('every') ?? 0);
    if (every > 0) {
      const timer = setInterval(() => res.write(':\n\n'), every * 1000);
      res.on('close', () => clearInterval(timer));
    }
    return;
  }
  if (url.pathname === '/upload') {
    let bytes = 0;
    req.on('data', (data: Buffer) => (bytes += data.length));
    req.on('end', () => {
      const body = JSON.stringify({ bytes });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    return;
  }
  req.resume();
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"not_found"}');
});
serveAsChild(server, { readyOnListen: true });
