import { beforeAll, describe, expect, it } from 'vitest';
import { startStack, useStack } from '@cloakroom/test-stack';
import { freeLoopbackPort } from '@cloakroom/testkit';

describe('the BFF server with its IdP down', () => {
  const stack = useStack({
    mode: 'server',
    idp: false,
    spa: {
      'index.html': '<!doctype html><title>Cloakroom</title><div id="root"></div>',
      'assets/app-123.js': 'console.log(1)',
    },
  });
  let url: string;
  beforeAll(() => {
    url = stack.bffUrl;
  });

  it('answers /healthz with 200 while the process runs', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers /readyz with 503 and says the IdP metadata is unreachable', async () => {
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      ready: false,
      checks: { sessionStore: 'ok', idpMetadata: 'unavailable' },
    });
  });

  it('answers /bff/login with 503 idp_unavailable, not a 500', async () => {
    const response = await fetch(`${url}/bff/login`, { redirect: 'manual' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'idp_unavailable' });
  });

  it('serves /metrics in Prometheus text format', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('cloakroom_proxy_request_duration_seconds');
  });

  it('serves the SPA with a strict CSP, no Referer and no framing', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers client-side routes with index.html', async () => {
    const response = await fetch(`${url}/notes`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });

  it('caches hashed assets for a year and the HTML not at all', async () => {
    expect((await fetch(`${url}/assets/app-123.js`)).headers.get('cache-control')).toContain(
      'immutable',
    );
    expect((await fetch(`${url}/`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers unknown files with a JSON 404', async () => {
    const response = await fetch(`${url}/missing.js`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('the BFF server with its IdP up, then down', () => {
  it('answers /readyz 200 while the IdP answers, and 503 once it stops (metadata cached or not)', async () => {
    const stack = await startStack({ mode: 'server' });
    const { idp, bffUrl: url } = stack;
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      await idp.close();
      const response = await fetch(`${url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ checks: { idpMetadata: 'unavailable' } });
    } finally {
      await stack.close();
    }
  });
});

describe('the BFF server behind a proxy that appends to X-Forwarded-For', () => {
  const stack = useStack({
    mode: 'server',
    idp: false,
    env: { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT_PER_MINUTE: '2' },
  });

  it('counts logins by the address the proxy appended (TRUST_PROXY_HOPS default 1), not one the client wrote', async () => {
    // The client writes a fresh address each time; the proxy appends the one it saw: 9.9.9.9.
    const statuses: number[] = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      const response = await fetch(`${stack.bffUrl}/bff/login`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `${spoofed}, 9.9.9.9` },
      });
      statuses.push(response.status);
    }
    // The IdP is down (503), until the shared bucket is full (429).
    expect(statuses).toEqual([503, 503, 429]);
  });
});

describe('the BFF process with METRICS_PORT', () => {
  const metricsPort = { value: 0 };
  const stack = useStack(async () => {
    metricsPort.value = await freeLoopbackPort();
    return {
      mode: 'process' as const,
      spa: { 'index.html': '<!doctype html><title>Cloakroom</title>' },
      env: { METRICS_PORT: String(metricsPort.value) },
    };
  });

  it('serves /metrics on 127.0.0.1:<METRICS_PORT> only, and answers it 404 on the public port', async () => {
    const public_ = await fetch(`${stack.bffUrl}/metrics`);
    expect(public_.status).toBe(404);
    expect(await public_.json()).toMatchObject({ error: 'not_found' });

    const scraped = await fetch(`http://127.0.0.1:${metricsPort.value}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    expect(await scraped.text()).toContain('cloakroom_proxy_request_duration_seconds');
    // The metrics port serves nothing else.
    expect((await fetch(`http://127.0.0.1:${metricsPort.value}/healthz`)).status).toBe(404);
  });
});
