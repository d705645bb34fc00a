import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * A per-client-IP limit in fixed one-minute windows, for the endpoints that start work at the
 * IdP (login, callback). In memory, per instance: it bounds abuse from one address without a
 * shared store on the hot path. `ctx.ip` honours `X-Forwarded-For` only when the Koa app trusts
 * its proxy (`app.proxy`), and then only the entries its `maxIpsCount` trusted hops appended, so
 * a client cannot pick its own bucket.
 *
 * At most `maxClients` addresses are counted at once (default 50,000, a few MB): a flood from
 * ever new addresses (IPv6 makes them cheap) drops the oldest windows instead of growing the
 * map without bound. Such a flood could always have used a fresh address per request anyway.
 *
 * @example
 * router.get('/bff/login', rateLimit({ perMinute: 300, now: Date.now }), login);
 */
export function rateLimit(options: {
  perMinute: number;
  now: () => number;
  maxClients?: number;
}): Middleware {
  const maxClients = options.maxClients ?? 50_000;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;

  return async function limitRate(ctx, next) {
    if (options.perMinute === 0) return next();
    const now = options.now();
    if (now - lastSweep > 60_000) {
      for (const [ip, window] of windows) if (now - window.start >= 60_000) windows.delete(ip);
      lastSweep = now;
    }
    let window = windows.get(ctx.ip);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      // Re-inserted, so the map's order stays oldest window first.
      windows.delete(ctx.ip);
      if (windows.size >= maxClients) windows.delete(windows.keys().next().value!);
      windows.set(ctx.ip, window);
    }
    window.count += 1;
    if (window.count > options.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
      throw new BffError('rate_limited', {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    await next();
  };
}
