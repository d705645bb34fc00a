export { handlers } from './handlers/index.ts';
export { resetMocks } from './reset-mocks.ts';
export {
  currentScenario,
  mockLogin,
  scenarioNames,
  selectScenario,
  startMockSession,
  useScenario,
} from './scenario.ts';
export type { ScenarioName } from './scenario.ts';
export { accessTokenLifetimeMs, alice } from './session.ts';
