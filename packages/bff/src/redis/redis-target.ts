/** Where the Redis of a `redis://`, `redis-cluster://` or `redis-sentinel://` URL is. */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[]; username?: string; password?: string; tls: boolean }
  | {
      kind: 'sentinel';
      sentinels: RedisNode[];
      name: string;
      username?: string;
      password?: string;
      tls: boolean;
    };

export interface RedisNode {
  host: string;
  port: number;
}

const schemes: Record<string, { kind: RedisTarget['kind']; tls: boolean }> = {
  'redis:': { kind: 'standalone', tls: false },
  'rediss:': { kind: 'standalone', tls: true },
  'redis-cluster:': { kind: 'cluster', tls: false },
  'rediss-cluster:': { kind: 'cluster', tls: true },
  'redis-sentinel:': { kind: 'sentinel', tls: false },
  'rediss-sentinel:': { kind: 'sentinel', tls: true },
};

/**
 * Reads a Redis URL, refusing a malformed one with a TypeError that says what is wrong (never
 * echoing a password):
 * - `redis://[user:pass@]host:port[/db]` (or `rediss://`): one server, as ioredis reads it;
 * - `redis-cluster://[user:pass@]host:port,host:port,...`: Redis Cluster, any of its nodes as
 *   start-up nodes (the client learns the rest from the cluster);
 * - `redis-sentinel://[user:pass@]host:port,host:port,.../<master name>`: the sentinels and the
 *   name they monitor; `user:pass` is for the Redis servers (sentinels without a password).
 *
 * WHATWG `URL` cannot hold a comma-separated host list, hence this small parser.
 *
 * @example
 * parseRedisTarget('redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/cloakroom');
 * // { kind: 'sentinel', sentinels: [...], name: 'cloakroom', tls: false }
 */
export function parseRedisTarget(url: string): RedisTarget {
  const scheme = schemes[/^[a-z-]+:(?=\/\/)/.exec(url)?.[0] ?? ''];
  if (!scheme) {
    throw new TypeError(
      'a Redis URL must be redis://host:port, rediss://host:port, ' +
        'redis-cluster://host:port,host:port or redis-sentinel://host:port,host:port/<master name>',
    );
  }
  // One server: ioredis reads the URL itself, as before.
  if (scheme.kind === 'standalone') return { kind: 'standalone', url };
  const match = /^([a-z-]+:)\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?$/.exec(url);
  if (!match) throw new TypeError('a Redis Cluster or Sentinel URL takes no query or fragment');
  const [, protocol, userinfo, hostList, path = ''] = match;
  // A URL with credentials is not echoed, not even in part (a `/` in a password would split it).
  const echo = !url.includes('@');
  const nodes = hostList!.split(',').map((entry) => parseNode(entry.trim(), protocol!, echo));
  const credentials = parseUserinfo(userinfo);
  if (scheme.kind === 'cluster') {
    if (path !== '' && path !== '/') {
      throw new TypeError(`${protocol}// takes no path (a cluster has no databases or names)`);
    }
    return { kind: 'cluster', nodes, ...credentials, tls: scheme.tls };
  }
  const name = decode(path.slice(1), 'master name');
  if (!name || name.includes('/')) {
    throw new TypeError(`${protocol}// needs the master name as its path: …/<master name>`);
  }
  return { kind: 'sentinel', sentinels: nodes, name, ...credentials, tls: scheme.tls };
}

function parseNode(entry: string, protocol: string, echo: boolean): RedisNode {
  const found = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
  const port = found ? Number(found[2]) : 0;
  if (!found || port < 1 || port > 65535) {
    throw new TypeError(
      `${protocol}// needs a comma-separated list of host:port` +
        (echo ? ` (got ${JSON.stringify(entry)})` : ''),
    );
  }
  return { host: found[1]!.replace(/^\[|\]$/g, ''), port };
}

function parseUserinfo(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), 'user name');
  const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1), 'password');
  return {
    ...(username ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new TypeError(`the Redis URL's ${what} is not valid percent-encoding`);
  }
}
