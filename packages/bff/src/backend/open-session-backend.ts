import { createRedisSessionEndSignal } from '../live/redis-session-end-signal.ts';
import { createLogger } from '../observability/logger.ts';
import { createMemoryStore } from '../session/memory-store.ts';
import { createRedisStore } from '../session/redis-store.ts';
import { createSqliteStore } from '../session/sqlite-store.ts';
import { createRedisRefreshCoordinator } from '../tokens/redis-refresh-coordinator.ts';
import type { SessionBackend } from '../options.ts';

/**
 * Opens what a `SESSION_STORE` value names: `memory`, `sqlite:<file>` (relative to the working
 * directory), or `redis://host:port`. For `redis://` the backend brings a refresh coordinator
 * with a lock in the same Redis (one connection for both), so several instances refresh a
 * session once between them; `memory` and `sqlite:` need none (the in-process one fits).
 *
 * @example
 * const backend = await openSessionBackend(process.env.SESSION_STORE ?? 'memory');
 * const bff = createBff({ ...options, backend }, app);
 */
export async function openSessionBackend(spec: string): Promise<SessionBackend> {
  if (spec === 'memory') return { store: createMemoryStore() };
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
      sessionEndSignal: createRedisSessionEndSignal({
        client: store.client,
        prefix: store.prefix,
        logger: createLogger(),
      }),
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
