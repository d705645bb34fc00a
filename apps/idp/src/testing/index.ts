export { loginAtIdp, LoginRejectedError } from './login-at-idp.ts';
export type { LoginAtIdpOptions, LoginAtIdpResult } from './login-at-idp.ts';
export { logoutAtIdp } from './logout-at-idp.ts';
export type { LogoutAtIdpResult } from './logout-at-idp.ts';
