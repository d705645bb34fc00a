import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiHandler } from '../endpoints/proxy.ts';
import type { Logger } from '../observability/logger.ts';
import { entryPoints } from './entry-points.ts';

const lines: string[] = [];
const logger = {
  error: (fields: unknown, message: string) => lines.push(JSON.stringify({ fields, message })),
} as unknown as Logger;

let server: Server | undefined;
afterEach(async () => {
  lines.length = 0;
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(
  serveApi: ApiHandler,
  fallback: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => {
    res.end('fallback');
  },
): Promise<string> {
  const { listener } = entryPoints({
    serveApi,
    serveBff: async () => {},
    logger,
    answerHeaders: { 'x-content-type-options': 'nosniff' },
    upgradeApi: (_req, socket) => socket.destroy(),
  });
  server = createServer(listener(fallback));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('listener', () => {
  it('answers the stable 500 JSON when the API handler rejects before answering', async () => {
    const url = await listen(async () => {
      throw new Error('secret detail at http://idp/cb?code=abc');
    });
    const response = await fetch(`${url}/api/notes?code=abc`);
    expect(response.status).toBe(500);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toMatchObject({ error: 'internal' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"path":"/api/notes"');
    expect(lines[0]).not.toContain('secret detail');
    expect(lines[0]).not.toContain('code=abc');
  });

  it('cuts the connection when the API handler rejects after the answer began', async () => {
    const url = await listen(async (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      throw new Error('late');
    });
    await expect(fetch(`${url}/api/x`).then((response) => response.text())).rejects.toThrow(
      'terminated',
    );
  });

  it('hands everything outside /api to the fallback', async () => {
    const url = await listen(async () => {
      throw new Error('not here');
    });
    expect(await (await fetch(`${url}/apix`)).text()).toBe('fallback');
  });

  it('answers the stable 500 JSON when the fallback returns a promise that rejects', async () => {
    const url = await listen(
      async () => {},
      async () => {
        throw new Error('host app failed');
      },
    );
    const response = await fetch(`${url}/bff/user`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'internal' });
  });
});
