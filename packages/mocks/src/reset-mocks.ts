import { notesStore } from './notes-store.ts';
import { useScenario, type ScenarioName } from './scenario.ts';

/**
 * Puts the mocks back to a known state: the given scenario (default `alice`) and the seeded notes.
 *
 * @example
 * ```ts
 * afterEach(() => { server.resetHandlers(); resetMocks(); });
 * ```
 */
export function resetMocks(scenario: ScenarioName = 'alice'): void {
  useScenario(scenario);
  notesStore.reset();
}
