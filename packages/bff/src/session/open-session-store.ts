import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import type { SessionStore } from './session-store.ts';
import { createSqliteStore } from './sqlite-store.ts';

/**
 * Opens the store named by a `SESSION_STORE` value: `memory`, `sqlite:<file>` (relative to the
 * working directory), or `redis://host:port`.
 *
 * @example
 * const store = await openSessionStore('sqlite:.data/sessions.db');
 */
export async function openSessionStore(spec: string): Promise<SessionStore> {
  if (spec === 'memory') return createMemoryStore();
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length);
    if (!file)
      throw new TypeError('SESSION_STORE sqlite: needs a file, e.g. sqlite:.data/sessions.db');
    return createSqliteStore({ file });
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    return createRedisStore({ url: spec });
  }
  throw new TypeError(
    `SESSION_STORE must be memory, sqlite:<file> or redis://host:port (got ${JSON.stringify(spec)})`,
  );
}
