import { Agent, request } from 'node:http';
import { startBffTarget } from './bff-target.ts';

/** What 200 parallel calls on an expired access token did. */
export interface StormResult {
  calls: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** Refresh grants the IdP issued (the goal: one). */
  refreshGrants: number;
  /** Token requests the IdP refused, by error (reuse of a rotated token shows as invalid_grant). */
  grantErrors: Record<string, number>;
  /** Status of one more call afterwards: is the session still usable? */
  afterwardsStatus: number;
}

/**
 * Logs in on an IdP whose access tokens live `ttlSeconds`, waits until the token has expired,
 * then sends `calls` API requests at once, each on its own connection, and counts what the IdP
 * saw. The IdP rotates refresh tokens and revokes the grant when one is reused.
 *
 * @example
 * await refreshStorm({ apiUpstream, calls: 200, ttlSeconds: 3 });
 */
export async function refreshStorm(options: {
  apiUpstream: string;
  calls: number;
  ttlSeconds: number;
  logDir?: string;
}): Promise<StormResult> {
  const target = await startBffTarget({
    name: 'bff-storm',
    store: 'memory',
    apiUpstream: options.apiUpstream,
    accessTokenTtlSeconds: options.ttlSeconds,
    refreshSkewSeconds: 0,
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    // The login's own check call may have refreshed already; count from here.
    await new Promise((resolve) => setTimeout(resolve, options.ttlSeconds * 1000 + 500));
    const grantsBefore = target.idp.stats.grants.refresh_token ?? 0;
    const errorsBefore = { ...target.idp.stats.grantErrors };
    const statuses = await Promise.all(
      Array.from({ length: options.calls }, () =>
        call(`${target.server.url}/api/item`, target.headers, agent),
      ),
    );
    const counted: Record<string, number> = {};
    for (const status of statuses) counted[status] = (counted[status] ?? 0) + 1;
    const grantErrors: Record<string, number> = {};
    for (const [code, count] of Object.entries(target.idp.stats.grantErrors)) {
      const delta = count - (errorsBefore[code] ?? 0);
      if (delta > 0) grantErrors[code] = delta;
    }
    const ok = statuses.filter((status) => status === 200).length;
    return {
      calls: options.calls,
      ok,
      failed: options.calls - ok,
      statuses: counted,
      refreshGrants: (target.idp.stats.grants.refresh_token ?? 0) - grantsBefore,
      grantErrors,
      afterwardsStatus: await call(`${target.server.url}/api/item`, target.headers, agent),
    };
  } finally {
    agent.destroy();
    await target.stop();
  }
}

function call(url: string, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
