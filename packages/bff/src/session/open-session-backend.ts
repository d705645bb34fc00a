import { createRedisRefreshCoordinator } from '../tokens/redis-refresh-coordinator.ts';
import type { RefreshCoordinator } from '../tokens/refresh-coordinator.ts';
import { openSessionStore } from './open-session-store.ts';
import { createRedisStore } from './redis-store.ts';
import type { SessionStore } from './session-store.ts';

/** A session store and, when it is shared between instances, the refresh coordinator to match. */
export interface SessionBackend {
  store: SessionStore;
  /** Set for stores shared across instances (Redis); otherwise the BFF's in-process one fits. */
  refreshCoordinator?: RefreshCoordinator;
}

/**
 * Opens what a `SESSION_STORE` value names, with the matching refresh coordinator: for
 * `redis://`, a lock in the same Redis (one connection for both), so several instances refresh
 * a session once between them; for `memory` and `sqlite:`, the store alone.
 *
 * @example
 * const { store, refreshCoordinator } = await openSessionBackend(process.env.SESSION_STORE);
 * const bff = createBff({ ...options, store }, app, { refreshCoordinator });
 */
export async function openSessionBackend(spec: string): Promise<SessionBackend> {
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
  return { store: await openSessionStore(spec) };
}
