export { bffClient, bffPkjwtClient, PKJWT_CLIENT_ID } from './bff-client.ts';
export { createIdp } from './create-idp.ts';
export type { CreatedIdp } from './create-idp.ts';
export { startIdp } from './start-idp.ts';
export type { StartIdpOptions } from './start-idp.ts';
export { DEV_USERS } from './accounts.ts';
export type { DevUser } from './accounts.ts';
export { DEV_TENANT_ID } from './profiles/dev-tenant.ts';
export { IDP_PROFILE_NAMES, idpProfiles } from './profiles/idp-profiles.ts';
export { isIdpProfileName, resolveBehaviour } from './profiles/resolve-behaviour.ts';
export type {
  IdpBehaviour,
  IdpClient,
  IdpOptions,
  IdpProfileName,
  IdpStats,
  RunningIdp,
} from './types.ts';
