/** A Redis call that got no answer in time (a stalled or partitioned server). */
class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer from Redis within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles with `work`, or rejects with a {@link DeadlineError} after `ms`.
 *
 * Why our own deadline: a command already written to a stalled Redis (process stopped, network
 * partition) can wait forever in a client's reply queue. Only a timer of our own turns that into
 * a prompt error, which the BFF answers as `503 session_store_unavailable`.
 *
 * @example
 * const value = await withDeadline(client.get('k'), 1_000, 'session get');
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    timer.unref();
  });
  // The abandoned `work` may still reject later; that must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
