export { bffClient } from './bff-client.ts';
export { createIdp } from './create-idp.ts';
export type { CreatedIdp } from './create-idp.ts';
export { startIdp } from './start-idp.ts';
export type { StartIdpOptions } from './start-idp.ts';
export { DEV_USERS } from './accounts.ts';
export type { DevUser } from './accounts.ts';
export type { IdpClient, IdpOptions, IdpStats, RunningIdp } from './types.ts';
