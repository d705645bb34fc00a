export { CookieJar } from './cookie-jar.ts';
export { jarFetch } from './jar-fetch.ts';
export { loginAtIdp, LoginRejectedError } from './login-at-idp.ts';
export type { LoginAtIdpOptions, LoginAtIdpResult } from './login-at-idp.ts';
export { logoutAtIdp } from './logout-at-idp.ts';
export type { LogoutAtIdpResult } from './logout-at-idp.ts';
export { parseForm } from './parse-form.ts';
export type { ParsedForm } from './parse-form.ts';
