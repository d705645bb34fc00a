/**
 * One line of the doctor's report. `fail` is a must-have that is missing (the exit code is 1),
 * `warn` a feature that will not work, with its consequence, `ok` what works (or a plain note).
 */
export interface Finding {
  /** Stable, names what was checked (`pkce_s256`, `token_endpoint`): scripts match on it. */
  id: string;
  level: 'ok' | 'warn' | 'fail';
  text: string;
}

/** @example ok('pkce_s256', 'PKCE S256: supported') */
export const ok = (id: string, text: string): Finding => ({ id, level: 'ok', text });
/** @example warn('revocation', 'no revocation_endpoint: …') */
export const warn = (id: string, text: string): Finding => ({ id, level: 'warn', text });
/** @example fail('jwks_uri', 'jwks_uri: missing …') */
export const fail = (id: string, text: string): Finding => ({ id, level: 'fail', text });
