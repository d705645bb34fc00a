import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';
import { startTokenIssuer, type TokenIssuer } from './support/token-issuer.ts';

interface LiveEvent {
  id: string;
  data: { counter: number; time: string; sub: string };
  receivedAt: number;
}

/** Opens `GET /events` and reads `count` events off the stream, then leaves. */
async function readEvents(url: string, token: string, count: number, lastEventId?: string) {
  const response = await fetch(url, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
  });
  const events: LiveEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      events.push({
        id: field('id')!,
        data: JSON.parse(field('data')!) as LiveEvent['data'],
        receivedAt: performance.now(),
      });
    }
  }
  await reader.cancel();
  return { response, events };
}

/** Opens a WebSocket to the API; resolves once open, or with the refused handshake's status. */
function connect(url: string, authorization?: string) {
  const socket = new WebSocket(url, authorization ? { headers: { authorization } } : {});
  return new Promise<{ socket: WebSocket } | { refused: number; body: string }>(
    (resolve, reject) => {
      socket.once('open', () => resolve({ socket }));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
      });
      socket.once('error', reject);
    },
  );
}

function nextMessage(socket: WebSocket) {
  return new Promise<{ data: Buffer; isBinary: boolean }>((resolve) =>
    socket.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })),
  );
}

describe('live connections at the sample API', () => {
  let idp: TokenIssuer;
  let api: Awaited<ReturnType<typeof startApi>>;
  let alice: string;
  let wsUrl: string;
  beforeAll(async () => {
    idp = await startTokenIssuer();
    api = await startApi({ issuer: idp.issuer });
    alice = await idp.sign({ sub: 'alice' });
    wsUrl = `${api.url.replace('http:', 'ws:')}/echo`;
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  describe('GET /events', () => {
    it('streams an event every `every` seconds with a counter, the time and the caller', async () => {
      const started = performance.now();
      const { response, events } = await readEvents(`${api.url}/events?every=0.2`, alice, 3);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      expect(events.map((e) => [e.id, e.data.counter, e.data.sub])).toEqual([
        ['1', 1, 'alice'],
        ['2', 2, 'alice'],
        ['3', 3, 'alice'],
      ]);
      for (const event of events) {
        expect(new Date(event.data.time).toISOString()).toBe(event.data.time);
      }
      // Three events at 0.2 s take at least 0.6 s (timers never fire early; a busy machine
      // may make them late, so the upper bound is loose).
      expect(events[2]!.receivedAt - started).toBeGreaterThanOrEqual(590);
      expect(events[2]!.receivedAt - started).toBeLessThan(5000);
      expect(events[2]!.receivedAt - events[0]!.receivedAt).toBeGreaterThanOrEqual(350);
    });

    it('sends the headers at once, before the first event', async () => {
      const started = performance.now();
      const response = await fetch(`${api.url}/events?every=30`, {
        headers: { authorization: `Bearer ${alice}` },
      });
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(5000);
      await response.body!.cancel();
    });

    it('goes on from the Last-Event-ID an EventSource reconnects with', async () => {
      const { events } = await readEvents(`${api.url}/events?every=0.1`, alice, 1, '41');
      expect(events[0]!.data.counter).toBe(42);
    });

    it.each(['0', '0.01', '3601', 'abc', '1e3', '-1'])(
      'refuses every=%s with 400 invalid_interval',
      async (every) => {
        const answer = await call(api.url, `/events?every=${every}`, { token: alice });
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ error: 'invalid_interval', message: expect.any(String) });
      },
    );

    it('refuses a request without a valid token with 401 invalid_token', async () => {
      for (const token of [undefined, await idp.sign({}, { forged: true })]) {
        const answer = await call(api.url, '/events', token ? { token } : {});
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect(answer.body).toMatchObject({ error: 'invalid_token' });
      }
    });

    it('stops its timer when the client goes away', async () => {
      const setSpy = vi.spyOn(globalThis, 'setInterval');
      const clearSpy = vi.spyOn(globalThis, 'clearInterval');
      try {
        const { events } = await readEvents(`${api.url}/events?every=0.15`, alice, 1);
        expect(events).toHaveLength(1);
        const index = setSpy.mock.calls.findIndex(([, delay]) => delay === 150);
        expect(index).toBeGreaterThanOrEqual(0);
        const timer = setSpy.mock.results[index]!.value as NodeJS.Timeout;
        await vi.waitFor(() => expect(clearSpy).toHaveBeenCalledWith(timer), { timeout: 3000 });
      } finally {
        setSpy.mockRestore();
        clearSpy.mockRestore();
      }
    });
  });

  describe('GET /echo (WebSocket)', () => {
    it('echoes text as text and binary as binary', async () => {
      const opened = await connect(wsUrl, `Bearer ${alice}`);
      if (!('socket' in opened)) throw new Error(`refused with ${opened.refused}`);
      const { socket } = opened;
      try {
        const text = nextMessage(socket);
        socket.send('héllo');
        expect(await text).toMatchObject({ isBinary: false });
        expect((await text).data.toString('utf8')).toBe('héllo');

        const bytes = Buffer.from([0, 1, 2, 255]);
        const binary = nextMessage(socket);
        socket.send(bytes);
        expect((await binary).isBinary).toBe(true);
        expect(Buffer.compare((await binary).data, bytes)).toBe(0);
      } finally {
        socket.close();
      }
    });

    it('refuses the handshake with 401 before upgrading, without a valid token', async () => {
      const cases = [
        undefined,
        `Bearer ${await idp.sign({}, { forged: true })}`,
        `Bearer ${await idp.sign({}, { expiresIn: -60 })}`,
        // A DPoP-bound token sent as Bearer, as on every other route.
        `Bearer ${await idp.sign({ cnf: { jkt: 'x'.repeat(43) } })}`,
      ];
      for (const authorization of cases) {
        const answer = await connect(wsUrl, authorization);
        expect(answer).toMatchObject({
          refused: 401,
          body: expect.stringContaining('"error":"invalid_token"'),
        });
      }
    });

    it('answers a GET without the upgrade with 426 upgrade_required', async () => {
      const answer = await call(api.url, '/echo', { token: alice });
      expect(answer.status).toBe(426);
      expect(answer.body).toEqual({ error: 'upgrade_required', message: expect.any(String) });
    });

    it('answers an upgrade on another route as that route, then closes', async () => {
      expect(
        await connect(`${api.url.replace('http:', 'ws:')}/nothing`, `Bearer ${alice}`),
      ).toMatchObject({ refused: 404 });
    });

    it('closes open sockets when the API stops', async () => {
      const other = await startApi({ issuer: idp.issuer });
      const opened = await connect(`${other.url.replace('http:', 'ws:')}/echo`, `Bearer ${alice}`);
      if (!('socket' in opened)) throw new Error('refused');
      const closed = new Promise((resolve) => opened.socket.once('close', resolve));
      await other.close();
      expect(await closed).toBeTypeOf('number'); // the close code
    });
  });
});
