import { request, type IncomingHttpHeaders } from 'node:http';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpBrowser } from '@cloakroom/testkit';
import { useRunning, useStack } from '@cloakroom/test-stack';
import { startEchoUpstream } from './support/echo-upstream.ts';
import { rawRequest } from './support/raw-request.ts';
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
      {
        path: '/api/upload',
        upstream: `${upstream.url}/upload`,
        methods: ['POST', 'PUT'],
        bodyLimit: 4 * 1024 * 1024,
      },
      { path: '/api/notes', upstream: '{api}/notes' },
    ],
  },
}));

/** A raw HTTP/1.1 request, for targets and header names fetch() would normalise. */
const rawWithBody = (browser: HttpBrowser, target: string, extra: Record<string, string> = {}) =>
  rawRequest(stack.bffUrl, browser, target, extra);
const raw = (browser: HttpBrowser, target: string, extra: Record<string, string> = {}) =>
  rawWithBody(browser, target, extra).then(({ status }) => status);

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

  it('never lets the browser’s re-routing or client-identifying headers reach the upstream', async () => {
    const browser = await stack.login();
    const sent = {
      'X-Original-URL': '/admin',
      'X-Rewrite-URL': '/admin',
      'X-HTTP-Method-Override': 'DELETE',
      'X-HTTP-Method': 'DELETE',
      'X-Method-Override': 'DELETE',
      'X-Forwarded-For': '6.6.6.6',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'gopher',
      'X-Forwarded-Prefix': '/admin',
      'X-Forwarded-Server': 'evil.example',
      'X-Forwarded-Port': '1',
      'X-Client-IP': '6.6.6.6',
      'True-Client-IP': '6.6.6.6',
      'X-Real-IP': '6.6.6.6',
      Forwarded: 'for=6.6.6.6;host=evil.example',
      X_Forwarded_For: '6.6.6.6',
      X_Original_URL: '/admin',
      'Idempotency-Key': 'k-1',
    };
    const { status, body } = await rawWithBody(browser, '/api/echo', sent);
    expect(status).toBe(200);
    const seen = (JSON.parse(body) as { headers: IncomingHttpHeaders }).headers;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-host']).toBe(new URL(stack.bffUrl).host);
    expect(seen['x-forwarded-proto']).toBe('http');
    const refusedNames = [
      'x-original-url',
      'x-rewrite-url',
      'x-http-method-override',
      'x-http-method',
      'x-method-override',
      'x-forwarded-prefix',
      'x-forwarded-server',
      'x-forwarded-port',
      'x-client-ip',
      'true-client-ip',
      'x-real-ip',
      'forwarded',
      'x_forwarded_for',
      'x_original_url',
    ];
    expect(refusedNames.filter((name) => name in seen)).toEqual([]);
    expect(seen['idempotency-key']).toBe('k-1');
  });

  it('lets no spelling or casing of a refused header through the real BFF (property-based)', async () => {
    const browser = await stack.login();
    const names = [
      'X-Original-URL',
      'X-Rewrite-URL',
      'X-HTTP-Method-Override',
      'X-Forwarded-Prefix',
      'X-Forwarded-For',
      'X-Client-IP',
      'True-Client-IP',
      'Forwarded',
    ];
    const spelled = fc
      .tuple(
        fc.constantFrom(...names),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 24, maxLength: 24 }),
      )
      .map(([name, picks]) =>
        [...name]
          .map((c, i) =>
            c === '-' && picks[i] === 0 ? '_' : picks[i]! % 2 ? c.toUpperCase() : c.toLowerCase(),
          )
          .join(''),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(spelled, { minLength: 1, maxLength: 4, selector: (n) => n.toLowerCase() }),
        async (spellings) => {
          const { status, body } = await rawWithBody(
            browser,
            '/api/echo',
            Object.fromEntries(spellings.map((name) => [name, 'evil'])),
          );
          if (status !== 200) return false;
          const seen = (JSON.parse(body) as { headers: IncomingHttpHeaders }).headers;
          return Object.values(seen).every((value) => !String(value).includes('evil'));
        },
      ),
      { numRuns: 150 },
    );
  });

  /** `/api/echo` answering with these upstream response headers. */
  const answering = (headers: Record<string, string>) =>
    `/api/echo?${new URLSearchParams(
      Object.entries(headers).map(([name, value]): [string, string] => [
        'header',
        `${name}: ${value}`,
      ]),
    )}`;

  it('never passes on upstream response headers that act on the app’s origin', async () => {
    const browser = await stack.login();
    const hostile = {
      'Set-Cookie': 'upstream=1; Path=/',
      'Clear-Site-Data': '"cookies"',
      'Access-Control-Allow-Origin': 'https://evil.example',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': '*',
      'Timing-Allow-Origin': '*',
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
      Refresh: '0; url=https://evil.example',
      'Alt-Svc': 'h2="evil.example:443"',
      'Origin-Agent-Cluster': '?0',
      'Service-Worker-Allowed': '/',
      'Set-Login': 'logged-out',
      'Supports-Loading-Mode': 'credentialed-prerender',
      'Accept-CH': 'Sec-CH-UA-Full-Version-List',
      'Critical-CH': 'Sec-CH-UA-Full-Version-List',
      NEL: '{"report_to":"evil","max_age":31536000,"include_subdomains":true}',
      'Report-To':
        '{"group":"evil","max_age":31536000,"endpoints":[{"url":"https://evil.example"}]}',
      'Reporting-Endpoints': 'evil="https://evil.example/r"',
      'Speculation-Rules': '"/api/echo/rules.json"',
      'Public-Key-Pins': 'pin-sha256="x"; max-age=1',
      'Expect-CT': 'max-age=86400, enforce',
      'Content-Security-Policy-Report-Only': "default-src 'none'; report-uri https://evil.example",
      'X-Kept': 'yes',
    };
    const response = await stack.call(browser, answering(hostile));
    expect(response.status).toBe(200);
    const passed = Object.keys(hostile).filter(
      (name) => name !== 'X-Kept' && response.headers.has(name),
    );
    expect(passed).toEqual([]);
    expect(response.headers.get('x-kept')).toBe('yes');
    // The browser keeps its session: nothing wiped or replaced the cookie.
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });

  it('drops an upstream Link that preloads or prefetches, and keeps a pagination Link', async () => {
    const browser = await stack.login();
    const preload = await stack.call(
      browser,
      answering({ Link: '<https://evil.example/x.js>; rel=preload; as=script' }),
    );
    expect(preload.headers.get('link')).toBeNull();
    const prefetch = await stack.call(
      browser,
      answering({
        Link: '</api/echo?page=2>; rel="next", <https://evil.example/>; rel="prefetch"',
      }),
    );
    expect(prefetch.headers.get('link')).toBeNull();
    const next = await stack.call(browser, answering({ Link: '</api/echo?page=2>; rel="next"' }));
    expect(next.headers.get('link')).toBe('</api/echo?page=2>; rel="next"');
  });

  it('drops upstream challenges that make the browser prompt for a password, and keeps Bearer ones', async () => {
    const browser = await stack.login();
    const basic = await stack.call(
      browser,
      answering({ 'WWW-Authenticate': 'Basic realm="Sign in to your account"' }),
    );
    expect(basic.headers.get('www-authenticate')).toBeNull();
    const mixed = await stack.call(
      browser,
      answering({
        'WWW-Authenticate': 'Bearer error="invalid_token", Digest realm="x", nonce="n"',
      }),
    );
    expect(mixed.headers.get('www-authenticate')).toBeNull();
    const bearer = await stack.call(
      browser,
      answering({ 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="notes"' }),
    );
    expect(bearer.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="notes"',
    );
  });

  it('gives an upstream HTML answer a sandboxing CSP of its own, replacing the upstream’s', async () => {
    const browser = await stack.login();
    const response = await stack.call(
      browser,
      answering({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "script-src 'unsafe-inline' *",
      }),
    );
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/(^|; )sandbox(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    for (const type of ['image/svg+xml', 'application/xhtml+xml', 'text/xml']) {
      const other = await stack.call(browser, answering({ 'Content-Type': type }));
      expect(`${type}: ${other.headers.get('content-security-policy')}`).toMatch(/: .*sandbox/);
    }
  });

  /** An upload as curl sends a large body: `Expect: 100-continue`, the body only after `100`. */
  function uploadExpectingContinue(
    browser: HttpBrowser,
    target: string,
    bytes: number,
  ): Promise<{ status: number; body: string; continued: boolean }> {
    const url = new URL(stack.bffUrl);
    return new Promise((resolve, reject) => {
      let continued = false;
      const req = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: target,
          method: 'PUT',
          headers: {
            'x-csrf': '1',
            cookie: browser.jar.header(stack.bffUrl) ?? '',
            'content-type': 'application/octet-stream',
            'content-length': String(bytes),
            expect: '100-continue',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              continued,
            }),
          );
        },
      );
      req.on('continue', () => {
        continued = true;
        req.end(Buffer.alloc(bytes, 97));
      });
      req.on('error', reject);
    });
  }

  it('forwards a large upload sent with Expect: 100-continue (no 502, nothing logged)', async () => {
    const browser = await stack.login();
    const logged = stack.logLines.length;
    const bytes = 3 * 1024 * 1024;
    const { status, body, continued } = await uploadExpectingContinue(
      browser,
      '/api/upload',
      bytes,
    );
    expect(status).toBe(200);
    expect(continued).toBe(true);
    const seen = JSON.parse(body) as { bodyBytes: number; headers: IncomingHttpHeaders };
    expect(seen.bodyBytes).toBe(bytes);
    // The expectation was met here; the upstream gets a plain request with the body.
    expect(seen.headers).not.toHaveProperty('expect');
    expect(stack.logLines.slice(logged).filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it('answers 413, not 502, to an Expect: 100-continue upload declared over the limit', async () => {
    const browser = await stack.login();
    const url = new URL(stack.bffUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: '/api/upload',
          method: 'PUT',
          headers: {
            'x-csrf': '1',
            cookie: browser.jar.header(stack.bffUrl) ?? '',
            'content-type': 'application/octet-stream',
            'content-length': String(5 * 1024 * 1024),
            expect: '100-continue',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });
});
