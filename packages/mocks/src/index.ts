export { handlers } from './handlers/index.ts';
export { createLiveHandlers, liveDropAfterMs } from './handlers/live.ts';
export { bffClientId, mockApiIdentity, mockTokenLifetimeSeconds } from './mock-tokens.ts';
export type { MockTokenKind } from './mock-tokens.ts';
export { resetMocks } from './reset-mocks.ts';
export {
  currentScenario,
  mfaAcr,
  mockAcr,
  mockLogin,
  scenarioNames,
  selectScenario,
  startMockSession,
  useScenario,
} from './scenario.ts';
export type { ScenarioName } from './scenario.ts';
export { accessTokenLifetimeMs, alice } from './session.ts';
