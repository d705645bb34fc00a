import { request, type Agent } from 'node:http';
import type { RunningIdp } from '@cloakroom/idp';

/**
 * One storm call: `GET url` on its own connection; its status, or 0 when it failed or hung for
 * 30 s. `onSetCookie` sees the answer's `Set-Cookie` lines (a peer that rolls its cookie).
 *
 * @example
 * const status = await stormCall(`${url}/api/item`, headers, agent);
 */
export function stormCall(
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

/**
 * Reads the IdP's counters before a storm; the returned function counts what the storm's
 * `statuses` were and what the IdP saw since: refresh grants issued and token requests refused.
 *
 * @example
 * const tally = startTally(idp);
 * const statuses = await Promise.all(calls);
 * const { ok, refreshGrants } = tally(statuses);
 */
export function startTally(idp: RunningIdp) {
  const grantsBefore = idp.stats.grants.refresh_token ?? 0;
  const errorsBefore = { ...idp.stats.grantErrors };
  return (statuses: number[]) => {
    const counted: Record<string, number> = {};
    for (const status of statuses) counted[status] = (counted[status] ?? 0) + 1;
    const grantErrors: Record<string, number> = {};
    for (const [code, count] of Object.entries(idp.stats.grantErrors)) {
      const delta = count - (errorsBefore[code] ?? 0);
      if (delta > 0) grantErrors[code] = delta;
    }
    const ok = statuses.filter((status) => status === 200).length;
    return {
      ok,
      failed: statuses.length - ok,
      statuses: counted,
      refreshGrants: (idp.stats.grants.refresh_token ?? 0) - grantsBefore,
      grantErrors,
    };
  };
}
