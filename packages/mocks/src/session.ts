import { currentScenario, scenarioStartedAt } from './scenario.ts';

/** The mock user every logged-in scenario returns. */
export const alice = {
  sub: 'alice',
  claims: {
    sub: 'alice',
    name: 'Alice Example',
    preferred_username: 'alice',
    email: 'alice@example.test',
    email_verified: true,
  },
} as const;

/** Seconds a mock session lives, per scenario; `expiring` ends about a minute after it starts. */
const lifetimeSeconds = { expiring: 60, default: 30 * 60 };

/**
 * The mock session: `undefined` when anonymous or once the session's lifetime has run out.
 *
 * @example
 * ```ts
 * const session = mockSession();
 * if (session) console.warn(session.expiresAt);
 * ```
 */
export function mockSession(): { expiresAt: number } | undefined {
  const scenario = currentScenario();
  if (scenario === 'anonymous') return undefined;
  const lifetime = scenario === 'expiring' ? lifetimeSeconds.expiring : lifetimeSeconds.default;
  const expiresAt = Math.floor(scenarioStartedAt() / 1000) + lifetime;
  return expiresAt * 1000 > Date.now() ? { expiresAt } : undefined;
}

/**
 * Whether the mock session existed and has run out (the real BFF then says `session_expired`).
 *
 * @example
 * ```ts
 * const code = mockSessionExpired() ? 'session_expired' : 'unauthenticated';
 * ```
 */
export function mockSessionExpired(): boolean {
  return currentScenario() !== 'anonymous' && mockSession() === undefined;
}
