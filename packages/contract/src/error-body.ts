import { errorCatalog, type BffErrorCode } from './error-catalog.ts';

/**
 * The JSON body of every error answer: `{ "error": "<stable_code>", "message": "<human text>" }`.
 * The code type defaults to the BFF's; the sample API's answers use the same shape with its own
 * codes ({@link ApiErrorBody}).
 *
 * @example
 * ```ts
 * const body: ErrorBody = { error: 'csrf', message: 'This request needs the X-CSRF: 1 header.' };
 * ```
 */
export interface ErrorBody<Code extends string = BffErrorCode> {
  error: Code;
  message: string;
}

/**
 * The body the BFF sends for `code`: its catalogued message unless `message` says more.
 *
 * @example
 * ```ts
 * errorBody('unauthenticated'); // { error: 'unauthenticated', message: 'There is no session; log in first.' }
 * errorBody('csrf', 'Cross-site requests are refused.');
 * ```
 */
export function errorBody<Code extends BffErrorCode>(
  code: Code,
  message?: string,
): ErrorBody<Code> {
  return { error: code, message: message ?? errorCatalog[code].message };
}
