import { afterAll, describe, expect, it } from 'vitest';
import { useStack } from '@cloakroom/test-stack';
import { listenOnLoopback } from '@cloakroom/testkit';

// The deployable server configured only by environment: OTEL_EXPORTER_OTLP_ENDPOINT turns
// tracing on, OTEL_SERVICE_NAME names it, and spans arrive at the receiver by OTLP/HTTP.
const receiver = await listenOnLoopback();
const exports: Array<{ url: string | undefined; contentType: string | undefined; body: string }> =
  [];
receiver.attach((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    exports.push({
      url: req.url,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString(),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});

const stack = useStack({
  mode: 'server',
  env: {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    OTEL_SERVICE_NAME: 'shop-bff',
    OTEL_BSP_SCHEDULE_DELAY: '20',
  },
});

afterAll(() => receiver.close());

describe('the server with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports its spans there by OTLP/HTTP (JSON) as OTEL_SERVICE_NAME', async () => {
    const browser = await stack.login();
    expect((await stack.call(browser, '/api/me')).status).toBe(200);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !exports.some((e) => e.body.includes('GET /api'))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(exports.every((e) => e.url === '/v1/traces')).toBe(true);
    expect(exports[0]?.contentType).toContain('application/json');
    const all = exports.map((e) => e.body).join('\n');
    expect(all).toContain('"shop-bff"');
    expect(all).toContain('GET /bff/callback');
    expect(all).toContain('GET /api');
  });
});
