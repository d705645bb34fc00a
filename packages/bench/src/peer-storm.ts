import { Agent, request } from 'node:http';
import type { RunningIdp } from '@cloakroom/idp';

/** What `calls` parallel calls on an expired access token did to a peer's session. */
export interface PeerStormResult {
  calls: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  refreshGrants: number;
  grantErrors: Record<string, number>;
  afterwardsStatus: number;
}

/**
 * The refresh storm on a peer: started with short-lived access tokens, one call to get a token,
 * a wait until it has expired, then `calls` requests at once, each on its own connection, and
 * one more afterwards, each to the upstream's `/fresh` (200 only with an unexpired token). The
 * dev IdP rotates refresh tokens and revokes the grant on reuse.
 *
 * @example
 * await peerStorm(() => startApacheTarget({ apiUpstream, accessTokenTtlSeconds: 3 }), 200, 3);
 */
export async function peerStorm(
  start: () => Promise<{
    url: string;
    headers: Record<string, string>;
    idp: RunningIdp;
    stop(): Promise<void>;
  }>,
  calls: number,
  ttlSeconds: number,
): Promise<PeerStormResult> {
  const target = await start();
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    // `/fresh`: the upstream answers 200 only to a token that has not expired.
    const url = `${target.url}/api/fresh`;
    await new Promise((resolve) => setTimeout(resolve, ttlSeconds * 1000 + 500));
    const grantsBefore = target.idp.stats.grants.refresh_token ?? 0;
    const errorsBefore = { ...target.idp.stats.grantErrors };
    // A browser keeps the last cookie it was sent: the call afterwards carries it.
    const cookies = new Map(
      (target.headers.cookie ?? '')
        .split('; ')
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
    const remember = (setCookies: string[]) => {
      for (const setCookie of setCookies) {
        const pair = setCookie.split(';', 1)[0] ?? '';
        const at = pair.indexOf('=');
        if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    };
    const statuses = await Promise.all(
      Array.from({ length: calls }, () => call(url, target.headers, agent, remember)),
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
      calls,
      ok,
      failed: calls - ok,
      statuses: counted,
      refreshGrants: (target.idp.stats.grants.refresh_token ?? 0) - grantsBefore,
      grantErrors,
      afterwardsStatus: await call(
        url,
        {
          ...target.headers,
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
        agent,
      ),
    };
  } finally {
    agent.destroy();
    await target.stop();
  }
}

function call(
  url: string,
  headers: Record<string, string>,
  agent: Agent,
  onSetCookie?: (setCookies: string[]) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent }, (res) => {
      onSetCookie?.(res.headers['set-cookie'] ?? []);
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
