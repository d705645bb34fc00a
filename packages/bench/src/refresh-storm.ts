import { Agent } from 'node:http';
import { startBffTarget, type BffTarget } from './bff-target.ts';
import { startTally, stormCall } from './storm-calls.ts';
import { startChildServer, type ChildServer } from './child-server.ts';

/** What 200 parallel calls on expired access tokens did. */
export interface StormResult {
  calls: number;
  /** BFF processes the calls were spread over (round-robin), all on one store. */
  instances: number;
  /** `memory` or `redis`. */
  store: string;
  /** Expired tokens of the one session the calls needed: the login's, plus one per resource. */
  staleTokens: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** Refresh grants the IdP issued (the goal: one per stale token, the fewest possible). */
  refreshGrants: number;
  /** Token requests the IdP refused, by error (reuse of a rotated token shows as invalid_grant). */
  grantErrors: Record<string, number>;
  /** Status of one more call afterwards: is the session still usable? */
  afterwardsStatus: number;
}

/**
 * Logs in on an IdP whose access tokens live `ttlSeconds`, gets every token of the session once
 * (the login's, and one per `resources` entry through its own route), waits until they have
 * expired, then sends `calls` API requests at once — each on its own connection, alternating
 * between the routes and, with several `instances`, between the BFF processes — and counts what
 * the IdP saw. The IdP rotates refresh tokens and revokes the grant when one is reused.
 *
 * @example
 * await refreshStorm({ apiUpstream, calls: 200, ttlSeconds: 3 });
 * await refreshStorm({ apiUpstream, calls: 200, ttlSeconds: 3, instances: 3, store: redisUrl,
 *   resources: ['urn:cloakroom:bench-billing'] });
 */
export async function refreshStorm(options: {
  apiUpstream: string;
  calls: number;
  ttlSeconds: number;
  /** BFF processes on one store (default 1). */
  instances?: number;
  /** A `SESSION_STORE` value (default `memory`; several instances need `redis://…`). */
  store?: string;
  resources?: string[];
  logDir?: string;
}): Promise<StormResult> {
  const instances = options.instances ?? 1;
  const store = options.store ?? 'memory';
  const resources = options.resources ?? [];
  const target = await startBffTarget({
    name: instances > 1 ? 'bff-storm-1' : 'bff-storm',
    store,
    apiUpstream: options.apiUpstream,
    accessTokenTtlSeconds: options.ttlSeconds,
    refreshSkewSeconds: 0,
    resources,
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const others = await startMoreInstances(target, instances - 1, {
    store,
    apiUpstream: options.apiUpstream,
    resources,
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const bases = [target.server.url, ...others.map((other) => other.url)];
    // `/api` is the login's token; `/api/r<i>` the i-th resource's (see the BFF child's routes).
    const paths = ['/api/item', ...resources.map((_, i) => `/api/r${i}/item`)];
    // Every token obtained once, then left to expire; the login's check call may have refreshed.
    for (const path of paths) await stormCall(`${target.server.url}${path}`, target.headers, agent);
    await new Promise((resolve) => setTimeout(resolve, options.ttlSeconds * 1000 + 500));
    const tally = startTally(target.idp);
    const statuses = await Promise.all(
      Array.from({ length: options.calls }, (_, i) =>
        stormCall(`${bases[i % bases.length]}${paths[i % paths.length]}`, target.headers, agent),
      ),
    );
    return {
      calls: options.calls,
      instances,
      store: store.startsWith('redis') ? 'redis' : store,
      staleTokens: paths.length,
      ...tally(statuses),
      afterwardsStatus: await stormCall(`${target.server.url}/api/item`, target.headers, agent),
    };
  } finally {
    agent.destroy();
    await Promise.all(others.map((other) => other.stop()));
    await target.stop();
  }
}

/** More BFF processes on the first one's IdP and store: the session made there works on them. */
async function startMoreInstances(
  first: BffTarget,
  count: number,
  config: { store: string; apiUpstream: string; resources: string[]; logDir?: string },
): Promise<ChildServer[]> {
  const started: ChildServer[] = [];
  try {
    for (let n = 2; n <= count + 1; n += 1) {
      const server = await startChildServer(
        'bff',
        `bff-storm-${n}`,
        config.logDir ? { logDir: config.logDir } : {},
      );
      started.push(server);
      await server.configure({
        issuer: first.idp.issuer,
        store: config.store,
        apiUpstream: config.apiUpstream,
        refreshSkewSeconds: 0,
        resources: config.resources,
      });
    }
    return started;
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    throw error;
  }
}
