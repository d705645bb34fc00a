/**
 * Which backend the mocks pretend to be. The name is the only thing persisted (in the browser's
 * localStorage, so a reload keeps it); it is never a secret.
 */

import type { BffErrorCode } from '@cloakroom/contract';

/** The scenarios the handlers know. */
export const scenarioNames = [
  'anonymous',
  'idp-session',
  'alice',
  'expiring',
  'session-expires',
  'idp-down',
  'api-500',
  'slow-api',
  'billing-down',
  'several-sessions',
  'sessions-down',
  'live-drops',
] as const;

/** One of {@link scenarioNames}. */
export type ScenarioName = (typeof scenarioNames)[number];

/** The localStorage key that remembers the scenario in the browser. */
export const scenarioStorageKey = 'cloakroom-mock-scenario';
/** The localStorage key that remembers a mock login's `acr` (a step-up), until the next scenario. */
const acrStorageKey = 'cloakroom-mock-acr';

/** The dev IdP's password-plus-one-time-code level, which the sample API's delete asks for. */
export const mfaAcr = 'urn:cloakroom:acr:mfa';
// Where the acr lives when there is no localStorage (node tests).
let acrInMemory: string | undefined;

const defaultScenario: ScenarioName = 'alice';
let current: ScenarioName = readStored() ?? defaultScenario;
let startedAt = Date.now();
// Counts the scenario's starts, so per-run state elsewhere can tell a restart within one ms.
let run = 0;

function restart(): void {
  startedAt = Date.now();
  run++;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // e.g. storage disabled by the browser
  }
}

function isScenarioName(value: unknown): value is ScenarioName {
  return scenarioNames.includes(value as ScenarioName);
}

function readStored(): ScenarioName | undefined {
  const stored = storage()?.getItem(scenarioStorageKey);
  return isScenarioName(stored) ? stored : undefined;
}

/**
 * Switches every handler to the named scenario and restarts the mock session's clock.
 *
 * @example
 * ```ts
 * useScenario('expiring'); // /bff/user now reports expiresAt ≈ now + 60 s
 * ```
 */
export function useScenario(name: ScenarioName): void {
  if (!isScenarioName(name)) throw new TypeError(`Unknown mock scenario "${String(name)}"`);
  current = name;
  restart();
  storage()?.setItem(scenarioStorageKey, name);
  // A new scenario is a new login: any step-up is forgotten.
  acrInMemory = undefined;
  storage()?.removeItem(acrStorageKey);
}

/**
 * The `acr` of the mock session's login: `urn:cloakroom:acr:mfa` after a mock step-up (a login
 * with that in `acr_values`), else `undefined` (a plain password login).
 *
 * @example
 * ```ts
 * if (mockAcr() !== mfaAcr) return stepUpRequired();
 * ```
 */
export function mockAcr(): string | undefined {
  const store = storage();
  return store ? (store.getItem(acrStorageKey) ?? undefined) : acrInMemory;
}

/**
 * {@link useScenario} under a name that React's hook linting does not mistake for a hook, for
 * event handlers (`useScenario` is named in the brief's words; neither is a React hook).
 *
 * @example
 * ```tsx
 * <select onChange={(event) => selectScenario(event.target.value as ScenarioName)} />
 * ```
 */
export const selectScenario: (name: ScenarioName) => void = useScenario;

/**
 * The scenario in force. In the browser another tab may have switched it (logging in or out in
 * mock mode does), so the stored value wins over the in-memory one.
 *
 * @example
 * ```ts
 * if (currentScenario() === 'anonymous') console.warn('not logged in');
 * ```
 */
export function currentScenario(): ScenarioName {
  const stored = readStored();
  if (stored && stored !== current) {
    current = stored;
    restart();
  }
  return current;
}

/**
 * When the scenario was chosen (ms since the epoch); the mock session's expiry counts from it.
 *
 * @example
 * ```ts
 * const ageMs = Date.now() - scenarioStartedAt();
 * ```
 */
export function scenarioStartedAt(): number {
  return startedAt;
}

/**
 * Which start of the scenario this is; it changes on every {@link useScenario}.
 *
 * @example
 * ```ts
 * if (scenarioRun() !== seenRun) forgetPerRunState();
 * ```
 */
export function scenarioRun(): number {
  return run;
}

/** Scenarios in which logging in starts `alice`'s session. */
const signedOutScenarios: ReadonlySet<ScenarioName> = new Set(['anonymous', 'idp-session']);

/**
 * What logging in does in mock mode: `anonymous` and `idp-session` become `alice`; any other
 * scenario already has its mock user and keeps its own behaviour.
 *
 * @example
 * ```ts
 * startMockSession(); // after the mock /bff/login
 * ```
 */
export function startMockSession(): void {
  const scenario = currentScenario();
  useScenario(signedOutScenarios.has(scenario) ? 'alice' : scenario);
}

/**
 * The mock BFF's `GET /bff/login?returnTo=…[&prompt=…][&acr_values=…]` as a browser navigation:
 * where it sends the browser. Normally the session starts ({@link startMockSession}) and the
 * answer is `returnTo`; in `idp-down` the IdP cannot be reached, so no session starts and the
 * answer is `returnTo` with `login_error=idp_unavailable`, as the real BFF does. A silent login
 * (`prompt=none`) in `anonymous`, where the IdP has no session either, comes back with
 * `login_error=login_required`; in `idp-session` (signed out of the app, the IdP's session
 * alive) it signs `alice` in. With `acrValues` naming `urn:cloakroom:acr:mfa` (a step-up), the
 * session's claims then hold that `acr` and deleting notes works. `returnTo` must already be a
 * safe path.
 *
 * @example
 * ```ts
 * location.replace(mockLogin('/notes')); // '/notes', or '/notes?login_error=idp_unavailable'
 * mockLogin('/notes', { acrValues: 'urn:cloakroom:acr:mfa' }); // a step-up: the session has mfa
 * mockLogin('/', { prompt: 'none' }); // in anonymous: '/?login_error=login_required'
 * ```
 */
export function mockLogin(
  returnTo: string,
  { prompt, acrValues }: { prompt?: string | undefined; acrValues?: string | undefined } = {},
): string {
  const scenario = currentScenario();
  const failure =
    scenario === 'idp-down'
      ? ('idp_unavailable' satisfies BffErrorCode)
      : prompt === 'none' && scenario === 'anonymous'
        ? 'login_required'
        : undefined;
  if (!failure) {
    startMockSession();
    // The mock IdP grants mfa when asked for it (the real one asks for a one-time code first).
    if (acrValues?.split(' ').includes(mfaAcr)) {
      acrInMemory = mfaAcr;
      storage()?.setItem(acrStorageKey, mfaAcr);
    }
    return returnTo;
  }
  const target = new URL(returnTo, 'http://mock.invalid');
  target.searchParams.set('login_error', failure);
  return target.pathname + target.search + target.hash;
}
