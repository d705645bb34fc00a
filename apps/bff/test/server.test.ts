import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '@cloakroom/testkit';
import { createServer, loadConfig } from '../src/index.ts';

describe('the BFF server with its IdP down', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'spa-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><title>Cloakroom</title><div id="root"></div>',
    );
    writeFileSync(join(dist, 'assets', 'app-123.js'), 'console.log(1)');
    const listener = await listenOnLoopback();
    url = `http://localhost:${listener.port}`;
    const { bff, listener: handle } = await createServer(
      loadConfig({
        PORT: String(listener.port),
        OIDC_ISSUER: 'http://127.0.0.1:9',
        SESSION_STORE: 'memory',
        SPA_DIST: dist,
        LOG_LEVEL: 'silent',
      }),
    );
    listener.attach(handle);
    close = async () => {
      await listener.close();
      await bff.close();
    };
  });
  afterAll(async () => {
    await close?.();
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
    expect(await response.text()).toContain('cloakroom_proxy_requests_total');
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
    const { startIdp, bffClient } = await import('@cloakroom/idp');
    const listener = await listenOnLoopback();
    const url = `http://localhost:${listener.port}`;
    const idp = await startIdp({ clients: [bffClient(url)] });
    const { bff, listener: handle } = await createServer(
      loadConfig({
        PORT: String(listener.port),
        OIDC_ISSUER: idp.issuer,
        SESSION_STORE: 'memory',
        LOG_LEVEL: 'silent',
      }),
    );
    listener.attach(handle);
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      await idp.close();
      const response = await fetch(`${url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ checks: { idpMetadata: 'unavailable' } });
    } finally {
      await listener.close();
      await bff.close();
    }
  });
});
