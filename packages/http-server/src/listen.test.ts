import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen } from './listen.ts';

describe('listen', () => {
  it('reports the URL of a free port and closes', async () => {
    const running = await listen(
      createServer((_req, res) => res.end('ok')),
      { port: 0, host: '127.0.0.1' },
    );
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    expect(await (await fetch(running.url)).text()).toBe('ok');
    await running.close();
    await expect(fetch(running.url)).rejects.toThrow(/fetch failed/);
  });

  it('rejects with EADDRINUSE when the port is taken, instead of an unhandled error event', async () => {
    const first = await listen(createServer(), { port: 0, host: '127.0.0.1' });
    try {
      await expect(
        listen(createServer(), { port: first.port, host: '127.0.0.1' }),
      ).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });
});
