import type { IncomingMessage } from 'node:http';

/** Koa's proxy-trust settings, read from the host app so both paths agree on a client's IP. */
export interface ProxyTrust {
  proxy: boolean;
  proxyIpHeader: string;
  maxIpsCount: number;
}

/**
 * The client's IP as Koa's `ctx.ip` reports it: with `proxy` trusted, the first address of the
 * forwarded-for header (only the last `maxIpsCount` entries count, when set); otherwise, or
 * without that header, the socket's peer.
 */
export function clientIp(req: IncomingMessage, trust: ProxyTrust): string {
  if (trust.proxy) {
    const forwarded = req.headers[trust.proxyIpHeader.toLowerCase()];
    const value = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    if (value) {
      let ips = value.split(',').map((ip) => ip.trim());
      if (trust.maxIpsCount > 0) ips = ips.slice(-trust.maxIpsCount);
      if (ips[0]) return ips[0];
    }
  }
  return req.socket.remoteAddress ?? '';
}
