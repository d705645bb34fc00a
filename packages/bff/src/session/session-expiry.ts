/** A BFF's session lifetime rules. */
export interface LifetimeRules {
  absoluteTimeoutMs: number;
  idleTimeoutMs: number;
}

/** When a session ends: at its absolute limit, or after `idle` without use, whichever is first. */
export function sessionExpiry(
  session: { createdAt: number; lastSeenAt: number },
  rules: LifetimeRules,
): number {
  return Math.min(
    session.createdAt + rules.absoluteTimeoutMs,
    session.lastSeenAt + rules.idleTimeoutMs,
  );
}
