import { currentScenario, scenarioRun, scenarioStartedAt } from './scenario.ts';

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
 * `session-expires`: how long the access token lasts, counted from the scenario's first API
 * call. The IdP issued no refresh token, so the first API call after that ends the session.
 * A time rather than "the second call" because React's StrictMode sends a page's first
 * request twice in development.
 */
export const accessTokenLifetimeMs = 5000;

// Per run of `session-expires`: when its first API call came, and whether its session ended.
let tokenRun = { run: -1, firstCallAt: undefined as number | undefined, ended: false };

function tokenState() {
  if (tokenRun.run !== scenarioRun()) {
    tokenRun = { run: scenarioRun(), firstCallAt: undefined, ended: false };
  }
  return tokenRun;
}

/** Scenarios in which nobody is logged in. */
const anonymousScenarios = new Set(['anonymous', 'idp-session', 'idp-down']);

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
  if (anonymousScenarios.has(scenario)) return undefined;
  if (scenario === 'session-expires' && tokenState().ended) return undefined;
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
  return !anonymousScenarios.has(currentScenario()) && mockSession() === undefined;
}

/**
 * What the BFF does with the session's access token for one API call, in `session-expires`:
 * `false` once the token has run out (the session then ends: with no refresh token the BFF
 * cannot renew it). Always `true` in the other scenarios.
 *
 * @example
 * ```ts
 * if (!spendAccessToken()) return bffErrorResponse('session_expired');
 * ```
 */
export function spendAccessToken(): boolean {
  if (currentScenario() !== 'session-expires') return true;
  const state = tokenState();
  state.firstCallAt ??= Date.now();
  if (Date.now() - state.firstCallAt >= accessTokenLifetimeMs) state.ended = true;
  return !state.ended;
}
