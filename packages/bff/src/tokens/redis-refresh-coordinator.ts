import { randomUUID } from 'node:crypto';
import { BffError } from '../errors/bff-error.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import { callRedis, type RedisClient } from '../redis/create-redis-client.ts';
import {
  createLocalRefreshCoordinator,
  type LockFence,
  type RefreshCoordinator,
} from './refresh-coordinator.ts';

/** Options of {@link createRedisRefreshCoordinator}. */
export interface RedisRefreshCoordinatorOptions {
  /** A connected ioredis client, e.g. the Redis session store's `client`. */
  client: RedisClient;
  /** Prepended to lock keys (`<prefix>lock:<session key>`). Default `cloakroom:`. */
  prefix?: string;
  /** How long a lock outlives a holder that stopped renewing it (crashed), in ms. Default 5000. */
  leaseMs?: number;
  /** How often a waiting instance tries to take the lock, in ms. Default 25. */
  pollMs?: number;
  /** How long a caller waits for another instance's refresh before giving up, in ms. Default 30000. */
  maxWaitMs?: number;
  /** Deadline of each Redis call, in ms. Default 1000. */
  timeoutMs?: number;
}

interface LockCommands {
  cloakroomLockRenew(lock: string, owner: string, leaseMs: string): Promise<unknown>;
  cloakroomLockRelease(lock: string, owner: string): Promise<unknown>;
}

// Only the owner (the random token it locked with) may extend or delete its lock: a holder that
// stalled past its lease must not release, or keep alive, the lock a newer holder took since.
const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The refresh single-flight across BFF instances: one refresh per session at a time, cluster-wide,
 * so rotating refresh tokens are never presented twice (which would revoke the user's grant).
 *
 * - The in-process queue sits in front: the tasks of one session on one instance run one after
 *   another, so an instance sends one lock attempt per session at a time.
 * - The lock is `SET NX PX` with a lease, renewed while the task runs; a crashed holder's lock
 *   simply expires. Renewal and release are owner-checked in Lua.
 * - A caller that finds the lock taken polls until it gets it and then runs its task too; the
 *   task re-reads the session and finds the winner's fresh token, so it does not refresh again
 *   (a task for another resource of the session refreshes for that resource, in turn).
 *   Polling (rather than pub/sub) needs no second connection and also notices an expired lease.
 * - The lock is only the first line: the store's compare-and-set on the session's version is
 *   what keeps a holder that lost its lease from overwriting a newer token set.
 * - Redis failing means the session store is failing: that is `503 session_store_unavailable`.
 *
 * @example
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
 * const refreshCoordinator = createRedisRefreshCoordinator({ client: store.client });
 * const bff = createBff({ ...options, backend: { store, refreshCoordinator } }, app);
 */
export function createRedisRefreshCoordinator(
  options: RedisRefreshCoordinatorOptions,
): RefreshCoordinator {
  const { client } = options;
  const prefix = options.prefix ?? 'cloakroom:';
  const leaseMs = options.leaseMs ?? 5_000;
  const pollMs = options.pollMs ?? 25;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 1_000;
  client.defineCommand('cloakroomLockRenew', { numberOfKeys: 1, lua: renewScript });
  client.defineCommand('cloakroomLockRelease', { numberOfKeys: 1, lua: releaseScript });
  const scripts = client as unknown as LockCommands;
  const local = createLocalRefreshCoordinator();

  const redis = <T>(what: string, command: () => Promise<T>): Promise<T> =>
    guardStoreCall(() => callRedis(client, timeoutMs, `refresh lock ${what}`, command));

  async function acquire(lock: string, owner: string): Promise<void> {
    const giveUpAt = Date.now() + maxWaitMs;
    for (;;) {
      const taken = await redis('acquire', () => client.set(lock, owner, 'PX', leaseMs, 'NX'));
      if (taken === 'OK') return;
      if (Date.now() >= giveUpAt) {
        throw new BffError('idp_unavailable', 'A token refresh is taking too long; try again.');
      }
      // Jitter keeps the instances that wait from polling in lockstep.
      await sleep(pollMs / 2 + Math.random() * pollMs);
    }
  }

  async function runLocked<T>(key: string, task: (fence: LockFence) => Promise<T>): Promise<T> {
    const lock = `${prefix}lock:${key}`;
    const owner = randomUUID();
    await acquire(lock, owner);
    const renew = setInterval(() => {
      // A failed renewal is not fatal: the version check on write still fences a late holder.
      void redis('renew', () => scripts.cloakroomLockRenew(lock, owner, String(leaseMs))).catch(
        () => undefined,
      );
    }, leaseMs / 3);
    renew.unref();
    // Checked (and renewed, in one owner-checked script) right before the grant: a holder that
    // stalled past its lease finds it gone and does not present the refresh token.
    const fence: LockFence = async () =>
      Number(
        await redis('fence', () => scripts.cloakroomLockRenew(lock, owner, String(leaseMs))),
      ) === 1;
    try {
      return await task(fence);
    } finally {
      clearInterval(renew);
      // If release fails (Redis gone), the lease ends the lock.
      await redis('release', () => scripts.cloakroomLockRelease(lock, owner)).catch(
        () => undefined,
      );
    }
  }

  return {
    run: (key, task) => local.run(key, () => runLocked(key, task)),
  };
}
