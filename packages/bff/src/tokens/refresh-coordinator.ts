/**
 * Makes sure one session refreshes its tokens once at a time. Rotating refresh tokens with reuse
 * detection (the IETF BCP's advice, and oidc-provider's behaviour) mean that two concurrent
 * refreshes with the same refresh token revoke the whole grant: every caller after the first must
 * wait for the first one's result instead of refreshing too.
 *
 * This in-process version covers one BFF instance; a distributed one (a lock with a lease in
 * Redis) implements the same interface for several instances.
 *
 * @example
 * const coordinator = createLocalRefreshCoordinator();
 * const token = await coordinator.run(sessionKey, () => refresh());
 */
export interface RefreshCoordinator {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createLocalRefreshCoordinator(): RefreshCoordinator {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      // Callers that arrive while a refresh runs share its outcome, success or failure (an IdP
      // outage must not be hit once per waiting request). A caller arriving after it ended starts
      // a new run, whose task re-reads the session and finds the fresh token.
      const running = inFlight.get(key);
      if (running) return running as Promise<T>;
      const flight = task().finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
      return flight;
    },
  };
}
