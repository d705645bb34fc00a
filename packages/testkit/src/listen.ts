import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 and a random port, whose handler can be attached after its URL is known. */
export async function listenOnLoopback(): Promise<{
  server: Server;
  port: number;
  attach(handler: RequestListener, upgrade?: UpgradeListener): void;
  close(): Promise<void>;
}> {
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  let upgrade: UpgradeListener = (_req, socket) => socket.destroy();
  const server = createServer((req, res) => handler(req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    upgrade(req, socket, head),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    attach(next, nextUpgrade) {
      handler = next;
      if (nextUpgrade) upgrade = nextUpgrade;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
