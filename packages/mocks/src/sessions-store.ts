import type { SessionSummary } from '@cloakroom/contract';
import { currentScenario, scenarioRun, scenarioStartedAt } from './scenario.ts';

/** The browsers the `several-sessions` scenario has signed in besides this one. */
const otherDevices = [
  {
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    ageMinutes: 90,
    idleMinutes: 12,
  },
  {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
    ageMinutes: 60 * 26,
    idleMinutes: 25,
  },
  {
    userAgent:
      'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36',
    ageMinutes: 60 * 8,
    idleMinutes: 3,
  },
];

// Per run of a scenario: its sessions, so a restart (log in again, switch) starts over.
let state = { run: -1, sessions: [] as SessionSummary[] };

function seed(): SessionSummary[] {
  const started = Math.floor(scenarioStartedAt() / 1000);
  const current: SessionSummary = {
    id: 'mock-session-this-browser',
    createdAt: started,
    lastSeenAt: started,
    userAgent: globalThis.navigator?.userAgent ?? '',
    current: true,
  };
  if (currentScenario() !== 'several-sessions') return [current];
  const others = otherDevices.map((device, i) => ({
    id: `mock-session-${i + 1}`,
    createdAt: started - device.ageMinutes * 60,
    lastSeenAt: started - device.idleMinutes * 60,
    userAgent: device.userAgent,
    current: false,
  }));
  return [current, ...others].toSorted((a, b) => b.createdAt - a.createdAt);
}

function sessions(): SessionSummary[] {
  if (state.run !== scenarioRun()) state = { run: scenarioRun(), sessions: seed() };
  return state.sessions;
}

/**
 * The mock user's sessions, as `GET /bff/sessions` lists them: this browser's alone, or in the
 * `several-sessions` scenario three more (a phone, a Windows PC, an Android phone).
 *
 * @example
 * ```ts
 * sessionsStore.list(); // [{ id: 'mock-session-this-browser', current: true, ... }]
 * sessionsStore.end('mock-session-1'); // 'ended'
 * ```
 */
export const sessionsStore = {
  list(): SessionSummary[] {
    return [...sessions()];
  },
  /** Ends one: `current` when it was this browser's, `missing` when there is none by that id. */
  end(id: string): 'ended' | 'current' | 'missing' {
    const found = sessions().find((session) => session.id === id);
    if (!found) return 'missing';
    state.sessions = state.sessions.filter((session) => session.id !== id);
    return found.current ? 'current' : 'ended';
  },
};
