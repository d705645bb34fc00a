export { handlers } from './handlers/index.ts';
export { bffSessionHandlers } from './handlers/bff-session.ts';
export { notesHandlers, slowApiDelayMs } from './handlers/notes.ts';
export { notesStore } from './notes-store.ts';
export type { Note } from './notes-store.ts';
export { resetMocks } from './reset-mocks.ts';
export {
  currentScenario,
  scenarioNames,
  scenarioStartedAt,
  scenarioStorageKey,
  selectScenario,
  useScenario,
} from './scenario.ts';
export type { ScenarioName } from './scenario.ts';
export { alice, mockSession } from './session.ts';
