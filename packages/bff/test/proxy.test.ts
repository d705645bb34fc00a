import { describe, expect, it } from 'vitest';
import type { Note } from '@cloakroom/contract';
import { cookieName, HttpBrowser } from '@cloakroom/testkit';
import { startStack, useRunning, useStack } from '@cloakroom/test-stack';
import { startEchoUpstream } from './support/echo-upstream.ts';
import { readJson, type EchoSeen } from './support/read-json.ts';

describe('/api proxy to the real sample API', () => {
  const stack = useStack();

  it("reaches GET /me with the user's access token", async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/me');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: 'alice', scope: expect.any(String) });
  });

  it('adds a note and lists it, per user', async () => {
    const alice = await stack.login();
    const bob = await stack.login({ login: 'bob', password: 'bob-pw' });
    const created = await stack.call(alice, '/api/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'buy milk' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: expect.anything(),
      text: 'buy milk',
      createdAt: expect.any(String),
    });
    const aliceNotes = await readJson<Note[]>(await stack.call(alice, '/api/notes'));
    expect(aliceNotes.map((n) => n.text)).toContain('buy milk');
    const bobNotes = await readJson<Note[]>(await stack.call(bob, '/api/notes'));
    expect(bobNotes.map((n) => n.text)).not.toContain('buy milk');
  });

  it('answers 401 unauthenticated without a session, never a redirect', async () => {
    const response = await stack.call(new HttpBrowser(), '/api/notes');
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('answers 403 csrf without the X-CSRF header and changes nothing', async () => {
    const browser = await stack.login();
    const response = await browser.request(`${stack.bffUrl}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'forged' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf' });
    const notes = await readJson<Note[]>(await stack.call(browser, '/api/notes'));
    expect(notes.map((n) => n.text)).not.toContain('forged');
  });

  it('serves /api and /api?… as the proxy, but leaves /apix to the host app', async () => {
    const root = await stack.call(new HttpBrowser(), '/api?probe=1');
    expect(root.status).toBe(401);
    expect(await root.json()).toMatchObject({ error: 'unauthenticated' });
    const lookalike = await fetch(`${stack.bffUrl}/apix`);
    expect(lookalike.status).toBe(200);
    expect(await lookalike.text()).toContain('page /apix');
  });

  it('passes the API’s own errors through', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('/api proxy header and body hygiene', () => {
  const upstream = useRunning(startEchoUpstream);
  // Starts after the upstream above and closes before it.
  const stack = useStack(() => ({
    apiUpstream: upstream.url,
    bffOptions: { upstream: { headersTimeoutMs: 1_000 } },
  }));

  it('sends the access token, and never the browser cookie, X-CSRF or hop-by-hop headers', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/echo?x=1', {
      headers: {
        'x-custom': 'kept',
        connection: 'keep-alive',
        'proxy-authorization': 'Basic eA==',
      },
    });
    expect(response.status).toBe(200);
    const seen = await readJson<EchoSeen>(response);
    expect(seen.url).toBe('/echo?x=1');
    expect(seen.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-csrf']).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(stack.bffUrl).host);
  });

  it('tells the upstream the client address it saw, not the one the browser claims', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/echo', {
      headers: { 'x-forwarded-for': '203.0.113.66', forwarded: 'for=203.0.113.66' },
    });
    const seen = await readJson<EchoSeen>(response);
    // TRUST_PROXY is off here: the socket's peer (loopback) is the client.
    expect(seen.headers['x-forwarded-for']).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    expect(seen.headers.forwarded).toBeUndefined();
  });

  it('never lets an upstream Set-Cookie reach the browser', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/set-cookie');
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().filter((l) => l.startsWith('upstream='))).toEqual([]);
  });

  it('streams a request body upstream', async () => {
    const browser = await stack.login();
    const body = Buffer.alloc(5 * 1024 * 1024, 97);
    const response = await stack.call(browser, '/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect((await readJson<EchoSeen>(response)).bodyBytes).toBe(body.length);
  });

  it('streams a large response body back with its length', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/download?bytes=8388608');
    expect(response.headers.get('content-length')).toBe('8388608');
    expect((await response.arrayBuffer()).byteLength).toBe(8388608);
  });

  it('survives browsers that go away mid-answer (no crash, keeps serving)', async () => {
    const browser = await stack.login();
    const { request } = await import('node:http');
    const url = new URL(stack.bffUrl);
    const cookie = browser.jar.header(stack.bffUrl)!;
    // Disconnect at every stage: before the answer, after its first bytes, and mid-stream.
    const disconnect = (path: string, when: 'sent' | 'first-byte' | 'later') =>
      new Promise<void>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port: url.port, path, headers: { 'x-csrf': '1', cookie } },
          (res) => {
            let chunks = 0;
            res.on('data', () => {
              chunks += 1;
              if (when === 'first-byte' || chunks === 20) req.destroy();
            });
            res.on('end', resolve);
            res.on('close', resolve);
          },
        );
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.end();
        if (when === 'sent') setTimeout(() => req.destroy(), 1);
      });
    const paths = [
      '/api/download?bytes=8388608',
      '/api/download?bytes=1048576',
      '/api/download?bytes=40000',
      '/api/echo',
    ];
    const stages = ['sent', 'first-byte', 'later'] as const;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        disconnect(paths[i % paths.length]!, stages[i % stages.length]!),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await stack.call(browser, '/api/echo');
    expect(after.status).toBe(200);
  });

  it('passes 204 through without a body', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/no-content', { method: 'DELETE' });
    expect(response.status).toBe(204);
  });

  it.each([
    '/api/../bff/user',
    '/api/%2e%2e/admin',
    '/api/notes%2f..%2fadmin',
    '/api/a%5cb',
    '/api/a%00',
  ])('refuses the path %s with 400 invalid_path before it reaches the upstream', async (path) => {
    const browser = await stack.login();
    const before = upstream.seen.length;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(stack.bffUrl);
      const req = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path,
          headers: { 'x-csrf': '1', cookie: browser.jar.header(stack.bffUrl)! },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect(upstream.seen.length).toBe(before);
  });

  it('answers 504 upstream_timeout when the upstream does not answer in time', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/hang');
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: 'upstream_timeout' });
  });

  it('keeps the session cookie out of the upstream even when sent twice', async () => {
    const browser = await stack.login();
    const cookie = browser.jar.header(stack.bffUrl)!;
    const response = await stack.call(browser, '/api/echo', {
      headers: { cookie: `${cookie}; ${cookieName}=other` },
    });
    const seen = await readJson<EchoSeen>(response);
    expect(seen.headers.cookie).toBeUndefined();
  });
});

describe('/api proxy with the upstream down', () => {
  it('answers 502 upstream_unavailable', async () => {
    const stack = await startStack({ apiUpstream: 'http://127.0.0.1:9' });
    try {
      const browser = await stack.login();
      const response = await stack.call(browser, '/api/me');
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: 'upstream_unavailable' });
    } finally {
      await stack.close();
    }
  });
});
