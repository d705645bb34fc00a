import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '@cloakroom/http-server';

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
    close: async () => {},
  };
  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    receiver.received.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      logoutToken: new URLSearchParams(body).get('logout_token') ?? '',
    });
    res.statusCode = receiver.status;
    res.end();
  };
  // A request body that fails mid-read ends that request, not the test run.
  const server: Server = createServer((req, res) => {
    receive(req, res).catch(() => res.destroy());
  });
  const listening = await listen(server, { port: 0, host: '127.0.0.1' });
  receiver.publicUrl = `http://localhost:${listening.port}`;
  receiver.close = listening.close;
  return receiver;
}
