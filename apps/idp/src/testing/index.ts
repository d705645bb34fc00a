export { loginAtIdp, LoginRejectedError } from './login-at-idp.ts';
export type { LoginAtIdpOptions, LoginAtIdpResult } from './login-at-idp.ts';
export { logoutAtIdp } from './logout-at-idp.ts';
export type { LogoutAtIdpResult } from './logout-at-idp.ts';
export {
  authorizationRequest,
  idpSessionAlive,
  pushedAuthorizationRequest,
  CLIENT,
  clientCredentials,
  exchangeCode,
  loginForTokens,
  postForm,
  refresh,
} from './oauth-client.ts';
export type {
  AuthorizationParams,
  ClientAuth,
  DpopOption,
  PushOptions,
  LoginAttempt,
  TokenResponse,
} from './oauth-client.ts';
export { startDevIdp } from './start-dev-idp.ts';
export type { DevIdpOptions } from './start-dev-idp.ts';
export { createDpopKey, dpopProof } from './dpop-proof.ts';
export type { DpopAlg, DpopKey, DpopProofClaims } from './dpop-proof.ts';
