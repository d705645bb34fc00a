import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the BFF's back-channel logout endpoint: records every logout_token. */
export interface BackchannelReceiver {
  /** `http://localhost:<port>`: a loopback URL, as the BFF's PUBLIC_URL is. */
  publicUrl: string;
  received: { path: string; contentType: string; logoutToken: string }[];
  /** Status the endpoint answers with (200 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startBackchannelReceiver(): Promise<BackchannelReceiver> {
  const receiver: BackchannelReceiver = {
    publicUrl: '',
    received: [],
    status: 200,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    receiver.received.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      logoutToken: new URLSearchParams(body).get('logout_token') ?? '',
    });
    res.statusCode = receiver.status;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.publicUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  return receiver;
}
