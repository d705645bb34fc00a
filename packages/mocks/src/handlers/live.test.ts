import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { server } from '../node.ts';
import { resetMocks } from '../reset-mocks.ts';
import { useScenario } from '../scenario.ts';
import { accessTokenLifetimeMs } from '../session.ts';
import { createLiveHandlers, liveDownForMs, liveDropAfterMs } from './live.ts';

// The Live page's mocks against what the BFF and the sample API do (see live.ts). msw's sse()
// only asks that EventSource exist; Node's fetch reads the stream as a browser's would.

const origin = 'http://localhost:5173';

beforeAll(() => {
  vi.stubGlobal('location', new URL(origin + '/'));
  vi.stubGlobal('EventSource', function EventSource() {});
  server.listen({ onUnhandledFrame: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  resetMocks();
  vi.useRealTimers();
});
afterAll(() => {
  server.close();
  vi.unstubAllGlobals();
});

function openStream(path = '/api/live/events?every=0.1', headers: Record<string, string> = {}) {
  return fetch(origin + path, { headers: { accept: 'text/event-stream', ...headers } });
}

/** The stream's `data` lines until it ends or `count` arrived. */
async function readData(response: Response, count: number): Promise<unknown[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const data = () => text.split('\n').filter((line) => line.startsWith('data:'));
  while (data().length < count) {
    const { value, done } = await reader.read();
    if (done) return data().map((line) => JSON.parse(line.slice(5)) as unknown);
    text += value;
  }
  await reader.cancel();
  return data().map((line) => JSON.parse(line.slice(5)) as unknown);
}

function openSocket() {
  const socket = new WebSocket(`ws://localhost:5173/api/live/echo`);
  const closed = new Promise<number>((resolve) =>
    socket.addEventListener('close', (event) => resolve(event.code)),
  );
  return { socket, closed };
}

describe('the Live page mocks', () => {
  test('stream counted events for alice, without the CSRF header', async () => {
    server.use(...createLiveHandlers());
    const response = await openStream();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await readData(response, 2)).toEqual([
      { counter: 1, time: expect.any(String), sub: 'alice' },
      { counter: 2, time: expect.any(String), sub: 'alice' },
    ]);
  });

  test('answer 401 without a session and 400 for a bad every', async () => {
    server.use(...createLiveHandlers());
    expect((await openStream('/api/live/events?every=0')).status).toBe(400);
    useScenario('anonymous');
    const refused = await openStream();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'unauthenticated' });
  });

  test('end the stream once the session ends (session-expires)', async () => {
    server.use(...createLiveHandlers());
    vi.useFakeTimers({ toFake: ['Date'] });
    useScenario('session-expires');
    const response = await openStream();
    expect(await readData(response, 1)).toHaveLength(1);
    const more = await openStream();
    vi.setSystemTime(Date.now() + accessTokenLifetimeMs);
    // The stream ends (done) rather than sending the many events asked for.
    expect((await readData(more, 100)).length).toBeLessThan(100);
    expect((await openStream()).status).toBe(401);
  });

  test('in live-drops, drop the stream after 5 s and refuse a reconnect with 502 for 2 s', async () => {
    server.use(...createLiveHandlers());
    vi.useFakeTimers({ toFake: ['Date'] });
    useScenario('live-drops');
    const first = await openStream();
    expect(await readData(first, 1)).toHaveLength(1);
    const dropping = await openStream();
    vi.setSystemTime(Date.now() + liveDropAfterMs);
    expect((await readData(dropping, 100)).length).toBeLessThan(100);
    expect((await openStream()).status).toBe(502);
    vi.setSystemTime(Date.now() + liveDownForMs);
    const later = await openStream();
    expect(later.status).toBe(200);
    await later.body!.cancel();
  });

  test('echo WebSocket messages, and close with 4401 without a session', async () => {
    server.use(...createLiveHandlers());
    const { socket } = openSocket();
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    const echoed = new Promise<unknown>((resolve) =>
      socket.addEventListener('message', (event) => resolve(event.data)),
    );
    socket.send('hello');
    expect(await echoed).toBe('hello');
    socket.close();

    useScenario('anonymous');
    expect(await openSocket().closed).toBe(4401);
  });
});
