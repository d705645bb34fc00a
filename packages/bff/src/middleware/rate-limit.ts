import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * A per-client-IP limit in fixed one-minute windows, for the endpoints that start work at the
 * IdP (login, callback). In memory, per instance: it bounds abuse from one address without a
 * shared store on the hot path. `ctx.ip` honours `X-Forwarded-For` only when the Koa app trusts
 * its proxy (`app.proxy`), so a client cannot pick its own bucket.
 *
 * @example
 * router.get('/bff/login', rateLimit({ perMinute: 300, now: Date.now }), login);
 */
export function rateLimit(options: { perMinute: number; now: () => number }): Middleware {
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
