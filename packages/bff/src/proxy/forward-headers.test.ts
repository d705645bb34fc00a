import { describe, expect, it } from 'vitest';
import { downstreamHeaders, upstreamHeaders } from './forward-headers.ts';

const extra = {
  accessToken: 'AT',
  clientIp: '127.0.0.1',
  publicUrl: new URL('http://localhost:3000'),
};

describe('upstreamHeaders', () => {
  it('never forwards the browser cookie, its Authorization or the CSRF header', () => {
    const out = upstreamHeaders(
      { cookie: '__Host-cloakroom=abc', authorization: 'Basic x', 'x-csrf': '1', accept: 'a/b' },
      extra,
    );
    expect(out.cookie).toBeUndefined();
    expect(out['x-csrf']).toBeUndefined();
    expect(out.authorization).toBe('Bearer AT');
    expect(out.accept).toBe('a/b');
  });

  it('drops hop-by-hop headers, those named in Connection, and Proxy-*', () => {
    const out = upstreamHeaders(
      {
        connection: 'keep-alive, x-secret-hop',
        'keep-alive': 'timeout=5',
        'x-secret-hop': '1',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'websocket',
        'proxy-authorization': 'x',
        'proxy-foo': 'y',
        host: 'localhost:3000',
      },
      extra,
    );
    for (const name of [
      'connection',
      'keep-alive',
      'x-secret-hop',
      'transfer-encoding',
      'te',
      'upgrade',
      'proxy-authorization',
      'proxy-foo',
      'host',
    ]) {
      expect(out).not.toHaveProperty(name);
    }
  });

  it('replaces incoming X-Forwarded-* with its own', () => {
    const out = upstreamHeaders(
      { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'evil', forwarded: 'for=6.6.6.6' },
      extra,
    );
    expect(out['x-forwarded-for']).toBe('127.0.0.1');
    expect(out['x-forwarded-host']).toBe('localhost:3000');
    expect(out['x-forwarded-proto']).toBe('http');
    expect(out.forwarded).toBeUndefined();
  });
});

describe('upstreamHeaders: headers that re-route or re-identify', () => {
  const refused = {
    'x-original-url': '/admin',
    'x-rewrite-url': '/admin',
    'x-http-method-override': 'DELETE',
    'x-http-method': 'DELETE',
    'x-method-override': 'DELETE',
    'x-forwarded-prefix': '/admin',
    'x-forwarded-server': 'evil',
    'x-forwarded-port': '1',
    'x-forwarded-ssl': 'on',
    'x-client-ip': '6.6.6.6',
    'true-client-ip': '6.6.6.6',
    'x-real-ip': '6.6.6.6',
    forwarded: 'for=6.6.6.6;proto=https',
    x_forwarded_for: '6.6.6.6',
    x_original_url: '/admin',
  };

  it('never forwards them, in any of their spellings, and keeps the app’s own headers', () => {
    const out = upstreamHeaders(
      { ...refused, 'idempotency-key': 'k1', 'x-request-id': 'r1', 'if-match': '"v1"' },
      extra,
    );
    expect(Object.keys(refused).filter((name) => name in out)).toEqual([]);
    expect(out['x-forwarded-for']).toBe('127.0.0.1');
    expect(out['idempotency-key']).toBe('k1');
    expect(out['x-request-id']).toBe('r1');
    expect(out['if-match']).toBe('"v1"');
  });
});

describe('downstreamHeaders', () => {
  it('drops upstream Set-Cookie and hop-by-hop headers', () => {
    const out = downstreamHeaders({
      'set-cookie': ['a=b'],
      'content-type': 'application/json',
      connection: 'close',
      'transfer-encoding': 'chunked',
    });
    expect(out).toEqual({
      'content-type': 'application/json',
      'content-security-policy': expect.stringContaining('sandbox'),
    });
  });

  it('keeps the upstream’s own CSP on inert media (a sandbox would break a PDF viewer)', () => {
    const out = downstreamHeaders({
      'content-type': 'application/pdf',
      'content-security-policy': "default-src 'none'",
    });
    expect(out['content-security-policy']).toBe("default-src 'none'");
    const png = downstreamHeaders({ 'content-type': 'image/png' });
    expect(png['content-security-policy']).toBeUndefined();
  });
});
