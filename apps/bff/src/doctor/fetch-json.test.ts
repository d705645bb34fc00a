import { freeLoopbackPort, listenOnLoopback } from '@cloakroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson } from './fetch-json.ts';

describe('fetchJson', () => {
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let base: string;
  beforeAll(async () => {
    server = await listenOnLoopback();
    base = `http://127.0.0.1:${server.port}`;
    server.attach((req, res) => {
      if (req.url === '/json') return void res.end('{"issuer":"x"}');
      if (req.url === '/array') return void res.end('[1]');
      if (req.url === '/html') return void res.end('<html>');
      if (req.url === '/stall') return; // never answers
      res.statusCode = 404;
      res.end('missing');
    });
  });
  afterAll(() => server.close());

  it('reads a JSON object', async () => {
    expect(await fetchJson(`${base}/json`)).toEqual({
      ok: true,
      url: `${base}/json`,
      body: { issuer: 'x' },
    });
  });

  it.each([
    ['/missing', 'http', 'HTTP 404'],
    ['/html', 'not-json', 'not JSON'],
    ['/array', 'not-json', 'not a JSON object'],
  ])('classes %s as %s (%s)', async (path, kind, reason) => {
    expect(await fetchJson(`${base}${path}`)).toEqual({
      ok: false,
      url: `${base}${path}`,
      kind,
      reason,
    });
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    expect(await fetchJson(`${base}/stall`, 200)).toMatchObject({
      ok: false,
      kind: 'unreachable',
      reason: 'no answer within 0.2 s',
    });
  });

  it('says "connection refused" for a closed port', async () => {
    const closed = `http://127.0.0.1:${await freeLoopbackPort()}/x`;
    expect(await fetchJson(closed)).toMatchObject({
      ok: false,
      kind: 'unreachable',
      reason: 'connection refused',
    });
  });
});
