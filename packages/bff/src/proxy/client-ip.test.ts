import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.ts';

const request = (headers: Record<string, string>) =>
  ({
    headers,
    socket: { remoteAddress: '10.0.0.9' },
    url: '/',
    method: 'GET',
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  const cases: Array<{ proxy: boolean; maxIpsCount: number; headers: Record<string, string> }> = [
    { proxy: false, maxIpsCount: 0, headers: {} },
    { proxy: false, maxIpsCount: 0, headers: { 'x-forwarded-for': '1.2.3.4' } },
    { proxy: true, maxIpsCount: 0, headers: {} },
    { proxy: true, maxIpsCount: 0, headers: { 'x-forwarded-for': '1.2.3.4' } },
    { proxy: true, maxIpsCount: 0, headers: { 'x-forwarded-for': ' 1.2.3.4 , 5.6.7.8' } },
    { proxy: true, maxIpsCount: 1, headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8' } },
    { proxy: true, maxIpsCount: 0, headers: { 'x-forwarded-for': '' } },
    { proxy: true, maxIpsCount: 0, headers: { 'x-forwarded-for': ', 5.6.7.8' } },
  ];

  it.each(cases)(
    'agrees with Koa’s ctx.ip (proxy $proxy, maxIpsCount $maxIpsCount, $headers)',
    (c) => {
      // The proxy path skips Koa; the address it forwards upstream must be the one Koa would log.
      const app = new Koa({ proxy: c.proxy, maxIpsCount: c.maxIpsCount });
      const req = request(c.headers);
      const koaIp = app.createContext(req, {} as ServerResponse).ip;
      expect(clientIp(req, app)).toBe(koaIp);
    },
  );

  it('does not trust a forwarded-for header unless told to', () => {
    const req = request({ 'x-forwarded-for': '1.2.3.4' });
    expect(clientIp(req, { proxy: false, proxyIpHeader: 'X-Forwarded-For', maxIpsCount: 0 })).toBe(
      '10.0.0.9',
    );
  });

  it('reads the configured header name', () => {
    const req = request({ 'x-real-client': '7.7.7.7', 'x-forwarded-for': '1.2.3.4' });
    expect(clientIp(req, { proxy: true, proxyIpHeader: 'X-Real-Client', maxIpsCount: 0 })).toBe(
      '7.7.7.7',
    );
  });
});
