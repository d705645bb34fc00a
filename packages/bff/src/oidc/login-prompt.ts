import { BffError } from '../errors/bff-error.ts';

/**
 * The OpenID Connect `prompt` values a login may ask for (Core §3.1.2.1), one at a time:
 * `none` (a silent login: the IdP answers at once, with a code when its session is alive, else
 * `login_required`), `login` (ask for the password even with a live IdP session), `consent`,
 * `select_account`. Combinations are refused: `none` with another value is an error at every
 * IdP, and the others have not been needed.
 */
export type LoginPrompt = 'none' | 'login' | 'consent' | 'select_account';

const prompts: ReadonlySet<string> = new Set<LoginPrompt>([
  'none',
  'login',
  'consent',
  'select_account',
]);

/**
 * Validates `/bff/login`'s `prompt` query parameter: absent → `undefined` (the IdP decides),
 * one known value → that value, anything else (another word, a repeated parameter, an empty
 * one) → `BffError('invalid_prompt')`.
 *
 * @example
 * parseLoginPrompt(undefined); // undefined
 * parseLoginPrompt('none'); // 'none'
 * parseLoginPrompt('none login'); // throws BffError('invalid_prompt')
 */
export function parseLoginPrompt(raw: unknown): LoginPrompt | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && prompts.has(raw)) return raw as LoginPrompt;
  throw new BffError('invalid_prompt');
}
