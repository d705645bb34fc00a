import type { IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from '@cloakroom/testkit';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * An upstream with live connections, recording what reached it:
 * - `GET /events?every=<ms>&first=<ms>` streams `text/event-stream`, one event every `every` ms
 *   (the first after `first` ms, default `every`), each `data: <n>`;
 * - `GET /plain` answers a small JSON (for requests that are not streams);
 * - an upgrade to `/echo` is a WebSocket that echoes each message as it came (text or binary);
 *   `/refuse` answers the handshake 403.
 * `streams` and `sockets` count what is open now, so a test can see the upstream side close too.
 */
export async function startLiveUpstream() {
  const handshakes: IncomingHttpHeaders[] = [];
  const requests: IncomingHttpHeaders[] = [];
  const open = { streams: 0, sockets: 0 };
  const listener = await listenOnLoopback();
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  listener.attach(
    (req, res) => {
      requests.push(req.headers);
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (url.pathname !== '/events') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: url.pathname }));
        return;
      }
      const every = Number(url.searchParams.get('every') ?? 100);
      const first = Number(url.searchParams.get('first') ?? every);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.flushHeaders();
      open.streams += 1;
      let sent = 0;
      let timer = setTimeout(function tick() {
        sent += 1;
        res.write(`data: ${sent}\n\n`);
        timer = setTimeout(tick, every);
      }, first);
      res.on('close', () => {
        clearTimeout(timer);
        open.streams -= 1;
      });
    },
    (req, socket, head) => {
      handshakes.push(req.headers);
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (url.pathname !== '/echo') {
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        open.sockets += 1;
        sockets.add(ws);
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
        ws.on('close', () => {
          open.sockets -= 1;
          sockets.delete(ws);
        });
      });
    },
  );
  return {
    url: `http://127.0.0.1:${listener.port}`,
    handshakes,
    requests,
    open,
    /** Closes every upstream socket with `code` (the upstream ending a conversation). */
    closeSockets(code: number) {
      for (const ws of sockets) ws.close(code, 'upstream says bye');
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await listener.close();
    },
  };
}
