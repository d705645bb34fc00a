import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HttpBrowser } from '@cloakroom/testkit';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { startEchoUpstream } from './support/echo-upstream.ts';
import { readJson } from './support/read-json.ts';

const upstream = useRunning(startEchoUpstream);
// Starts after the upstream above and closes before it.
const stack = useStack(() => ({
  bffOptions: {
    routes: [
      {
        path: '/api/echo',
        upstream: `${upstream.url}/echo`,
        methods: ['GET', 'POST'],
        bodyLimit: 1024,
      },
      { path: '/api/notes', upstream: '{api}/notes' },
    ],
  },
}));

/** A raw HTTP/1.1 request, for targets fetch() would normalise. */
function raw(
  browser: HttpBrowser,
  target: string,
  extra: Record<string, string> = {},
): Promise<number> {
  const url = new URL(stack.bffUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: target,
        headers: { 'x-csrf': '1', cookie: browser.jar.header(stack.bffUrl) ?? '', ...extra },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('proxy abuse', () => {
  it('forwards nothing outside the route table (404 not_found)', async () => {
    const browser = await stack.login();
    const before = upstream.seen.length;
    const response = await stack.call(browser, '/api/me');
    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ error: 'not_found' });
    expect(upstream.seen.length).toBe(before);
  });

  it('refuses a method the route does not allow with 405 and Allow', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/echo', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('refuses an absolute-form request target (SSRF through the proxy) with 400', async () => {
    const browser = await stack.login();
    expect(await raw(browser, 'http://169.254.169.254/api/echo')).toBe(400);
  });

  it('never escapes the route prefix with dot segments', async () => {
    const browser = await stack.login();
    const before = upstream.seen.length;
    const targets = ['/api/echo/../../admin', '/api/echo/%2e%2e/admin', '/api/echo%2f..%2fadmin'];
    const statuses = await Promise.all(targets.map((target) => raw(browser, target)));
    expect(statuses).toEqual([400, 400, 400]);
    expect(upstream.seen.length).toBe(before);
  });

  it('does not let a prefix match a longer sibling name (/api/echoes is not /api/echo)', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/echoes')).status).toBe(404);
  });

  it('refuses a declared body over the route limit with 413 before calling the upstream', async () => {
    const browser = await stack.login();
    const before = upstream.seen.length;
    const response = await stack.call(browser, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(4096) }),
    });
    expect(response.status).toBe(413);
    expect(await readJson(response)).toMatchObject({ error: 'payload_too_large' });
    expect(upstream.seen.length).toBe(before);
  });

  it('cuts off a chunked body that grows over the limit with 413', async () => {
    const browser = await stack.login();
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i += 1) controller.enqueue(new Uint8Array(512));
        controller.close();
      },
    });
    const response = await stack.call(browser, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('routes a prefix to its own upstream path', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/echo?x=1');
    expect(response.status).toBe(200);
    expect((await readJson<{ url: string }>(response)).url).toBe('/echo?x=1');
  });
});
