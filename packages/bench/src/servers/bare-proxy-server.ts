// The floor for any Node reverse proxy: node:http with a keep-alive agent, both bodies piped,
// a fixed Authorization added, the browser's cookie and hop-by-hop headers dropped. `/api/x`
// goes to the upstream's `/x`, as through the BFF. Usage: node bare-proxy-server.ts <upstream>
import { Agent, createServer, request, type OutgoingHttpHeaders } from 'node:http';
import { serveAsChild } from './child-protocol.ts';

const upstream = new URL(process.argv[2] ?? 'http://127.0.0.1:4001');
// A second argument `unlimited` lifts the socket cap (for 1,000 open event streams).
const agent = new Agent({
  keepAlive: true,
  maxSockets: process.argv[3] === 'unlimited' ? Infinity : 128,
});
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade']);
const dropUp = new Set([...hopByHop, 'cookie', 'x-csrf', 'host']);

const server = createServer((req, res) => {
  const raw = req.url ?? '/';
  const path = raw.startsWith('/api/') ? raw.slice(4) : raw;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!dropUp.has(name)) headers[name] = value;
  }
  headers.authorization = 'Bearer bench-fixed-token';
  const outgoing = request(
    {
      agent,
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path,
      headers,
    },
    (incoming) => {
      const back: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (!hopByHop.has(name)) back[name] = value;
      }
      res.writeHead(incoming.statusCode ?? 502, back);
      incoming.pipe(res);
    },
  );
  outgoing.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(outgoing);
});
serveAsChild(server, { readyOnListen: true, onStop: () => agent.destroy() });
