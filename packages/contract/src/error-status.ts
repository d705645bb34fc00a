import { errorCatalog, type BffErrorCode } from './error-catalog.ts';

/**
 * The HTTP status of each BFF error code, read from {@link errorCatalog}: the shape
 * `@cloakroom/bff` has always exported.
 *
 * @example
 * ```ts
 * errorStatus.csrf; // 403
 * ```
 */
export const errorStatus = Object.fromEntries(
  Object.entries(errorCatalog).map(([code, { status }]) => [code, status]),
) as { readonly [Code in BffErrorCode]: (typeof errorCatalog)[Code]['status'] };
