import { worker } from '@cloakroom/mocks/browser';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ScenarioSwitcher } from './components/scenario-switcher.tsx';
import { handleMockLogin } from './lib/handle-mock-login.ts';

/**
 * Mock mode's start-up, before the app renders: plays the BFF's login redirect if that is where
 * we are, starts msw's service worker, and shows the scenario switcher in its own root.
 *
 * @example
 * ```ts
 * if (env.isMockMode) await (await import('./features/dev-mocks/start-mocks.ts')).startMocks();
 * ```
 */
export async function startMocks(): Promise<void> {
  if (handleMockLogin()) return new Promise(() => {}); // navigating away; render nothing
  // Vite's own module and asset requests are not ours to answer: let them through.
  await worker.start({ onUnhandledFrame: 'bypass', quiet: true });
  const host = document.createElement('div');
  host.id = 'mock-scenario-root';
  document.body.append(host);
  createRoot(host).render(createElement(ScenarioSwitcher));
}
