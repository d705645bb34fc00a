export { apiFetch } from './api-fetch.ts';
export type { ApiFetchInit } from './api-fetch.ts';
export { CloakroomError } from './cloakroom-error.ts';
export type { CloakroomErrorCode, StepUpError } from './cloakroom-error.ts';
export { CloakroomProvider } from './cloakroom-provider.tsx';
export type { CloakroomProviderProps } from './cloakroom-provider.tsx';
export type { CrossTabEvent } from './cross-tab.ts';
export type {
  ApiFetch,
  CloakroomUser,
  LoginOptions,
  Session,
  SessionEndedReason,
  SessionStatus,
} from './session-context.ts';
export { takeLoginError } from './take-login-error.ts';
export type { LoginError, LoginErrorCode } from './take-login-error.ts';
export { useApiFetch } from './use-api-fetch.ts';
export { useSession } from './use-session.ts';
