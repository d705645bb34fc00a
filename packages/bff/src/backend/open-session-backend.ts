import { createMemoryStore } from '../session/memory-store.ts';
import { createRedisStore } from '../session/redis-store.ts';
import { createSqliteStore } from '../session/sqlite-store.ts';
import { createRedisRefreshCoordinator } from '../tokens/redis-refresh-coordinator.ts';
import type { Logger } from '../observability/logger.ts';
import type { SessionBackend } from '../options.ts';

/**
 * Opens what a `SESSION_STORE` value names: `memory` (at most 100,000 sessions, the least
 * recently used evicted past it; `memory?max=<n>` sets the bound), `sqlite:<file>` (relative to
 * the working directory), or `redis://host:port`. For `redis://` the backend brings a refresh coordinator
 * with a lock in the same Redis (one connection for both), so several instances refresh a
 * session once between them; `memory` and `sqlite:` need none (the in-process one fits).
 *
 * @example
 * const backend = await openSessionBackend(process.env.SESSION_STORE ?? 'memory');
 * const bff = createBff({ ...options, backend }, app);
 */
export async function openSessionBackend(
  spec: string,
  options: { logger?: Pick<Logger, 'warn'> } = {},
): Promise<SessionBackend> {
  if (spec === 'memory' || spec.startsWith('memory?')) {
    return { store: createMemoryStore({ ...memoryOptions(spec), ...options }) };
  }
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length);
    if (!file)
      throw new TypeError('SESSION_STORE sqlite: needs a file, e.g. sqlite:.data/sessions.db');
    return { store: createSqliteStore({ file }) };
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    const store = createRedisStore({ url: spec });
    return {
      store,
      refreshCoordinator: createRedisRefreshCoordinator({
        client: store.client,
        prefix: store.prefix,
      }),
    };
  }
  throw new TypeError(
    `SESSION_STORE must be memory, sqlite:<file> or redis://host:port (got ${JSON.stringify(spec)})`,
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
