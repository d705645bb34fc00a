export { handlers } from './handlers/index.ts';
export { resetMocks } from './reset-mocks.ts';
export {
  currentScenario,
  scenarioNames,
  selectScenario,
  startMockSession,
  useScenario,
} from './scenario.ts';
export type { ScenarioName } from './scenario.ts';
export { alice } from './session.ts';
