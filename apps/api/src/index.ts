export { createApi } from './create-api.ts';
export type { ApiOptions } from './create-api.ts';
export { startApi } from './start-api.ts';
export type { RunningApi } from './start-api.ts';
export type { ApiErrorCode, ApiIdentity, Note } from '@cloakroom/contract';
