import { createRedisSessionEndSignal } from '../live/redis-session-end-signal.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { parseRedisTarget } from '../redis/redis-target.ts';
import { createMemoryStore } from '../session/memory-store.ts';
import { createRedisStore } from '../session/redis-store.ts';
import { createSqliteStore } from '../session/sqlite-store.ts';
import { createRedisRefreshCoordinator } from '../tokens/redis-refresh-coordinator.ts';
import type { SessionBackend } from '../options.ts';

/**
 * Opens what a `SESSION_STORE` value names: `memory` (at most 100,000 sessions, the least
 * recently used evicted past it; `memory?max=<n>` sets the bound), `sqlite:<file>` (relative to
 * the working directory), `redis://host:port`, `redis-cluster://host:port,host:port,...` (Redis
 * Cluster) or `redis-sentinel://host:port,host:port,.../<master name>` (Sentinel). A Redis
 * backend brings a refresh coordinator with a lock in the same Redis (one client for both), so
 * several instances refresh a session once between them, and the end-of-session signal that
 * closes live connections on every instance; `memory` and `sqlite:` need neither (the
 * in-process ones fit). A malformed value is a TypeError saying what is wrong (see
 * {@link checkSessionStore}).
 *
 * @example
 * const backend = await openSessionBackend(process.env.SESSION_STORE ?? 'memory');
 * const bff = createBff({ ...options, backend }, app);
 */
export async function openSessionBackend(
  spec: string,
  options: { logger?: Pick<Logger, 'warn'> } = {},
): Promise<SessionBackend> {
  const kind = checkSessionStore(spec);
  if (kind === 'memory') {
    return { store: createMemoryStore({ ...memoryOptions(spec), ...options }) };
  }
  if (kind === 'sqlite')
    return { store: createSqliteStore({ file: spec.slice('sqlite:'.length) }) };
  const store = createRedisStore({ url: spec });
  return {
    store,
    sessionEndSignal: createRedisSessionEndSignal({
      client: store.client,
      prefix: store.prefix,
      logger: options.logger ?? createLogger(),
    }),
    refreshCoordinator: createRedisRefreshCoordinator({
      client: store.client,
      prefix: store.prefix,
    }),
  };
}

/**
 * Checks a `SESSION_STORE` value without opening anything (for config validation at start-up):
 * the kind of store, or a TypeError that says what is wrong. Never echoes a Redis password.
 *
 * @example
 * checkSessionStore('redis-sentinel://10.0.0.1:26379/cloakroom'); // 'redis'
 */
export function checkSessionStore(spec: string): 'memory' | 'sqlite' | 'redis' {
  if (spec === 'memory' || spec.startsWith('memory?')) {
    memoryOptions(spec);
    return 'memory';
  }
  if (spec.startsWith('sqlite:')) {
    if (spec === 'sqlite:')
      throw new TypeError('SESSION_STORE sqlite: needs a file, e.g. sqlite:.data/sessions.db');
    return 'sqlite';
  }
  if (/^rediss?(-cluster|-sentinel)?:\/\//.test(spec)) {
    try {
      parseRedisTarget(spec);
    } catch (error) {
      throw new TypeError(`SESSION_STORE: ${(error as Error).message}`, { cause: error });
    }
    return 'redis';
  }
  throw new TypeError(
    'SESSION_STORE must be memory, sqlite:<file>, redis://host:port, ' +
      'redis-cluster://host:port,host:port or redis-sentinel://host:port,host:port/<master name>' +
      ` (got ${JSON.stringify(spec.replace(/\/\/[^@/]*@/, '//…@'))})`,
  );
}

/** `memory?max=<n>`: the only option of the memory store, a positive integer. */
function memoryOptions(spec: string): { maxSessions?: number } {
  const query = new URLSearchParams(spec.slice('memory?'.length));
  const unknown = [...query.keys()].filter((name) => name !== 'max');
  const max = query.get('max');
  if (unknown.length || (spec.length > 'memory'.length && max === null))
    throw new TypeError(
      `SESSION_STORE memory takes only max, e.g. memory?max=100000 (got ${JSON.stringify(spec)})`,
    );
  if (max === null) return {};
  if (!/^[1-9]\d{0,8}$/.test(max))
    throw new TypeError(
      `SESSION_STORE memory?max= must be a positive whole number of sessions (got ${JSON.stringify(max)})`,
    );
  return { maxSessions: Number(max) };
}
