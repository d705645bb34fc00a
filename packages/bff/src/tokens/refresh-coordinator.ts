/**
 * Makes sure one session refreshes its tokens once at a time. Rotating refresh tokens with reuse
 * detection (the IETF BCP's advice, and oidc-provider's behaviour) mean that two concurrent
 * refreshes with the same refresh token revoke the whole grant — and a session has one refresh
 * token for all its tokens (the login's and each resource's): every refresh of one session must
 * wait for the one before it, whatever token it is for.
 *
 * `run` is a lock, not a cache: tasks given the same key never overlap, each runs, in order of
 * arrival. (Callers that want the same token share one task themselves: the token keeper does.)
 * This in-process version covers one BFF instance; a distributed one (a lock with a lease in
 * Redis) implements the same interface for several instances.
 *
 * @example
 * const coordinator = createLocalRefreshCoordinator();
 * const token = await coordinator.run(sessionKey, () => refresh());
 */
export interface RefreshCoordinator {
  /**
   * Runs `task` holding the lock for `key`. The task gets a fence: called right before the step
   * that must not happen twice (sending a refresh token), it says whether the lock is still
   * held — a lease can be lost to a stall or a failover — and renews it.
   */
  run<T>(key: string, task: (fence: LockFence) => Promise<T>): Promise<T>;
}

/** Whether the caller still holds its lock (renewing it when it does). */
export type LockFence = () => Promise<boolean>;

/** The in-process lock cannot be lost. */
const held: LockFence = async () => true;

export function createLocalRefreshCoordinator(): RefreshCoordinator {
  /** The last task queued per key; a key's entry goes when its queue drains. */
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: (fence: LockFence) => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      const start = () => task(held);
      // A failure of the task before must not fail this one: each task re-reads the session.
      const result = previous ? previous.then(start, start) : start();
      // Settles when this task has, whatever its outcome, and then forgets the key if no task
      // queued behind it. It never rejects.
      const tail: Promise<unknown> = result.then(forget, forget);
      function forget() {
        if (tails.get(key) === tail) tails.delete(key);
      }
      tails.set(key, tail);
      return result;
    },
  };
}
