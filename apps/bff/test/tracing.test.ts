import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '@cloakroom/test-stack';
import { cookieName, listenOnLoopback, scanForSecrets } from '@cloakroom/testkit';
import { createSealer } from '../../../packages/bff/src/crypto/sealer.ts';
import { createSessionCodec } from '../../../packages/bff/src/session/session-codec.ts';
import { storeKey } from '../../../packages/bff/src/session/store-key.ts';
import type { TokenSet } from '../../../packages/bff/src/session/session-data.ts';
import { readTracingEnv } from '../src/tracing-config.ts';
import { createTracerProvider } from '../src/tracer-provider.ts';
import {
  openSocket,
  openStream,
  refusedHandshake,
} from '../../../packages/bff/test/support/live-clients.ts';
import { startLiveUpstream } from '../../../packages/bff/test/support/live-upstream.ts';

// The real wiring end to end: the server's tracer provider (built from OTEL_* values) exporting
// by OTLP/HTTP to a receiver on loopback, a library-mode BFF with the real IdP and sample API,
// and an upstream that records the traceparent it gets. What is checked is what left the process.

/** OTLP/HTTP receiver: keeps every export body as sent. */
const receiver = await listenOnLoopback();
const exports: string[] = [];
receiver.attach((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/v1/traces') exports.push(Buffer.concat(chunks).toString());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
/** An upstream behind `/api/echo` that records the headers it received. */
const upstream = await listenOnLoopback();
const upstreamSaw: IncomingHttpHeaders[] = [];
upstream.attach((req, res) => {
  upstreamSaw.push(req.headers);
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});

/** An upstream behind `/api/live` with an event stream and an echo WebSocket. */
const liveUpstream = await startLiveUpstream();

const tracing = readTracingEnv({
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
  OTEL_BSP_SCHEDULE_DELAY: '20',
}).tracing!;
const tracerProvider = createTracerProvider(tracing);
const stack = useStack({
  fakeClock: true,
  bffOptions: {
    routes: [
      { path: '/api', upstream: '{api}' },
      { path: '/api/echo', upstream: `http://127.0.0.1:${upstream.port}` },
      { path: '/api/live', upstream: liveUpstream.url, websocket: true },
    ],
    tracing: { tracerProvider },
  },
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  links?: Array<{ traceId: string; spanId: string }>;
}
const spans: OtlpSpan[] = [];
const resources: string[] = [];
let secrets: string[] = [];
/** The answers to the traced calls, and whether the last one refreshed the token. */
const statuses: number[] = [];
/** What the live calls got: the stream's status, the echo, the cross-site handshake's refusal. */
const live = { streamStatus: 0, echoed: '', refusedStatus: 0 };
let refreshed = false;
const browserTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const queryMarker = 'querymarker0123456789abcdef';

const attribute = (span: OtlpSpan, key: string) =>
  Object.values(span.attributes?.find((a) => a.key === key)?.value ?? {})[0];
const named = (name: string) => spans.filter((span) => span.name === name);
const parentOf = (span: OtlpSpan) => spans.find((s) => s.spanId === span.parentSpanId);

beforeAll(async () => {
  const browser = await stack.login();
  const callback = new URL(browser.hops.find((hop) => hop.url.includes('/bff/callback?'))!.url);
  const sessionId = browser.jar.get('localhost', cookieName)!.value;
  const codec = createSessionCodec(createSealer(['integration-test-secret-0123456789'], 'session'));
  const key = storeKey(sessionId);
  const before = codec.decode(key, (await stack.store.get(key))!)!.tokens as TokenSet;

  statuses.push((await stack.call(browser, '/bff/user')).status);
  // A browser's own trace context and a query string: neither is continued nor recorded.
  const echoed = await stack.call(browser, `/api/echo/items?token=${queryMarker}`, {
    headers: { traceparent: `00-${browserTraceId}-00f067aa0ba902b7-01`, tracestate: 'x=y' },
  });
  statuses.push(echoed.status);
  // The access token expires on the BFF's clock: the next call refreshes it.
  stack.advance(5 * 60_000 + 1_000);
  statuses.push((await stack.call(browser, '/api/me')).status);
  const after = codec.decode(key, (await stack.store.get(key))!)!.tokens as TokenSet;
  refreshed = after.accessToken !== before.accessToken;

  // Live connections: an event stream, an echo WebSocket, and a cross-site handshake refused.
  const stream = await openStream(
    stack.bffUrl,
    browser,
    `/api/live/events?every=20&q=${queryMarker}`,
  );
  live.streamStatus = stream.status;
  await stream.cancel();
  const { socket, received, closed } = await openSocket(
    stack.bffUrl,
    browser,
    `/api/live/echo?q=${queryMarker}`,
  );
  const echo = new Promise((resolve) => socket.once('message', resolve));
  socket.send('hello');
  await echo;
  live.echoed = received[0]!.data;
  socket.close(1000);
  await closed;
  live.refusedStatus = (
    await refusedHandshake(
      openSocket(stack.bffUrl, browser, '/api/live/echo', { origin: 'https://evil.example' }),
    )
  ).status;

  secrets = [
    sessionId,
    key,
    callback.searchParams.get('code')!,
    before.accessToken,
    before.refreshToken!,
    before.idToken!,
    after.accessToken,
    after.refreshToken!,
    queryMarker,
  ];
  await tracerProvider.forceFlush();
  for (const body of exports) {
    const parsed = JSON.parse(body) as {
      resourceSpans: Array<{ resource: unknown; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
    };
    for (const resourceSpans of parsed.resourceSpans) {
      resources.push(JSON.stringify(resourceSpans.resource));
      spans.push(...resourceSpans.scopeSpans.flatMap((scope) => scope.spans));
    }
  }
});

afterAll(async () => {
  await tracerProvider.shutdown();
  await receiver.close();
  await upstream.close();
  await liveUpstream.close();
});

describe('tracing (OTLP/HTTP export)', () => {
  it('served the traced calls (the traffic below is real)', () => {
    expect(statuses).toEqual([200, 200, 200]);
    expect(refreshed).toBe(true);
  });

  it('exports spans as cloakroom-bff', () => {
    expect(exports.length).toBeGreaterThan(0);
    expect(
      resources.every((r) => r.includes('"service.name"') && r.includes('cloakroom-bff')),
    ).toBe(true);
  });

  it('names /bff/* server spans by route, with the code exchange and store calls under the callback', () => {
    expect(named('GET /bff/login')).toHaveLength(1);
    const [callback] = named('GET /bff/callback');
    expect(callback).toBeDefined();
    expect(attribute(callback!, 'http.response.status_code')).toBe(303);
    const exchange = named('oidc authorization_code grant')[0]!;
    expect(parentOf(exchange)).toBe(callback);
    expect(spans.some((s) => s.name === 'session_store set' && parentOf(s) === callback)).toBe(
      true,
    );
    expect(named('GET /bff/user')).toHaveLength(1);
  });

  it('names the proxied request by its route, with a client span whose context the upstream got', () => {
    const [server] = named('GET /api/echo');
    expect(server).toBeDefined();
    expect(attribute(server!, 'http.route')).toBe('/api/echo');
    expect(attribute(server!, 'http.response.status_code')).toBe(200);
    const client = spans.find((s) => s.name === 'GET' && parentOf(s) === server)!;
    expect(client).toBeDefined();
    expect(attribute(client, 'cloakroom.route')).toBe('/api/echo');
    expect(spans.some((s) => s.name === 'session_store get' && parentOf(s) === server)).toBe(true);

    const received = upstreamSaw.at(-1)!.traceparent;
    expect(received).toBe(`00-${server!.traceId}-${client.spanId}-01`);
    // The browser's trace context is not continued, only linked; its tracestate is not passed on.
    expect(server!.traceId).not.toBe(browserTraceId);
    expect(server!.parentSpanId ?? '').toBe('');
    expect(server!.links?.map((link) => link.traceId)).toEqual([browserTraceId]);
    expect(upstreamSaw.at(-1)!.tracestate).toBeUndefined();
  });

  it('traces an event stream like any proxied request, and its upstream gets the client span', () => {
    expect(live.streamStatus).toBe(200);
    const streams = named('GET /api/live').filter(
      (span) => attribute(span, 'http.response.status_code') === 200,
    );
    expect(streams).toHaveLength(1);
    const client = spans.find((s) => s.name === 'GET' && parentOf(s) === streams[0])!;
    expect(client).toBeDefined();
    expect(liveUpstream.requests.at(-1)!.traceparent).toBe(
      `00-${streams[0]!.traceId}-${client.spanId}-01`,
    );
  });

  it('traces a WebSocket handshake by its route (101), with the upstream handshake as its client span', () => {
    expect(live.echoed).toBe('hello');
    const [server] = named('GET /api/live').filter(
      (span) => attribute(span, 'http.response.status_code') === 101,
    );
    expect(server).toBeDefined();
    expect(attribute(server!, 'http.route')).toBe('/api/live');
    expect(spans.some((s) => s.name === 'session_store get' && parentOf(s) === server)).toBe(true);
    const client = spans.find((s) => s.name === 'GET' && parentOf(s) === server)!;
    expect(attribute(client, 'cloakroom.route')).toBe('/api/live');
    expect(attribute(client, 'http.response.status_code')).toBe(101);
    expect(liveUpstream.handshakes.at(-1)!.traceparent).toBe(
      `00-${server!.traceId}-${client.spanId}-01`,
    );
  });

  it('traces a refused cross-site WebSocket handshake with its status and stable code, and no upstream call', () => {
    expect(live.refusedStatus).toBe(403);
    const [refused] = named('GET /api/live').filter(
      (span) => attribute(span, 'http.response.status_code') === 403,
    );
    expect(refused).toBeDefined();
    expect(attribute(refused!, 'error.type')).toBe('csrf');
    expect(spans.filter((s) => parentOf(s) === refused && s.name === 'GET')).toEqual([]);
    expect(liveUpstream.handshakes).toHaveLength(1);
  });

  it('puts the refresh grant under the API request that needed it', () => {
    const refresh = named('oidc refresh grant')[0]!;
    expect(refresh).toBeDefined();
    expect(parentOf(refresh)?.name).toBe('GET /api');
    expect(attribute(refresh, 'cloakroom.grant.kind')).toBe('refresh');
  });

  it('holds no cookie, session id, store key, code, token or query string anywhere', () => {
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    const everything = exports.join('\n');
    expect(scanForSecrets(`x ${secrets[3]} y`, secrets).length).toBeGreaterThan(0);
    expect(scanForSecrets(everything, secrets)).toEqual([]);
    expect(everything).not.toContain('/api/echo/items');
    expect(everything).not.toContain('/api/me');
  });
});

describe('metrics', () => {
  it('explains the same traffic: proxy latency by route and status class, grants, store calls, logins', async () => {
    const text = await stack.bff.metricsText();
    expect(text).toMatch(
      /^cloakroom_proxy_request_duration_seconds_count\{route="\/api\/echo",status_class="2xx"\} 1$/m,
    );
    expect(text).toMatch(
      /^cloakroom_proxy_request_duration_seconds_count\{route="\/api",status_class="2xx"\} 1$/m,
    );
    expect(text).toMatch(
      /^cloakroom_token_grants_total\{kind="authorization_code",outcome="success"\} 1$/m,
    );
    expect(text).toMatch(/^cloakroom_token_grants_total\{kind="refresh",outcome="success"\} 1$/m);
    expect(text).toMatch(
      /^cloakroom_session_store_call_duration_seconds_count\{operation="get",outcome="ok"\} \d+$/m,
    );
    expect(text).toMatch(/^cloakroom_logins_total\{outcome="success"\} 1$/m);
    expect(text).not.toContain('/api/echo/items');
    expect(text).not.toContain(queryMarker);
  });
});
