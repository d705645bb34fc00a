import { currentScenario, scenarioNames, selectScenario } from '@cloakroom/mocks';
import type { ScenarioName } from '@cloakroom/mocks';
import { useId } from 'react';
import type { ReactNode } from 'react';

const descriptions: Record<ScenarioName, string> = {
  anonymous: 'nobody logged in',
  'idp-session': 'signed out here, still signed in at the IdP (a silent login signs you in)',
  alice: 'alice logged in',
  expiring: 'session ends in about 60 s',
  'session-expires': 'the session ends 5 s after the first API call',
  'idp-down': 'the sign-in service is down',
  'api-500': 'the API fails with 500',
  'slow-api': 'the API takes 3 s',
  'billing-down': 'the billing API is down (502)',
  'several-sessions': 'alice is signed in on four devices',
  'sessions-down': 'the session store fails the sessions list (503)',
  'live-drops': 'the live API drops the Live page’s connections after 5 s',
};

/**
 * Mock mode only: picks the scenario the msw handlers play, then reloads so the app starts over.
 *
 * @example
 * ```tsx
 * createRoot(host).render(<ScenarioSwitcher />);
 * ```
 */
export function ScenarioSwitcher(): ReactNode {
  const id = useId();
  return (
    <aside className="scenario-switcher" aria-label="Mock scenario">
      <label htmlFor={id}>Mock scenario</label>
      <select
        id={id}
        defaultValue={currentScenario()}
        onChange={(event) => {
          selectScenario(event.target.value as ScenarioName);
          location.reload();
        }}
      >
        {scenarioNames.map((name) => (
          <option key={name} value={name}>
            {name} — {descriptions[name]}
          </option>
        ))}
      </select>
    </aside>
  );
}
