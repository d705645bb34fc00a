import { Agent } from 'node:http';
import { startTally, stormCall } from './storm-calls.ts';
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
    const tally = startTally(target.idp);
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
      Array.from({ length: calls }, () => stormCall(url, target.headers, agent, remember)),
    );
    return {
      calls,
      ...tally(statuses),
      afterwardsStatus: await stormCall(
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
