// Entra ID's multi-tenant endpoints, imitated: a relying party configured with
// `<base>/organizations/v2.0` (or `/common/v2.0`) reads a discovery document whose issuer is the
// template `<base>/{tenantid}/v2.0`; the tokens it gets say `iss: <base>/<tid>/v2.0` and `tid`.

/**
 * The one tenant of the dev IdP (a fixed GUID, so tests and logs can name it).
 *
 * @example
 * ```ts
 * expect(decodeJwt(idToken).tid).toBe(DEV_TENANT_ID);
 * ```
 */
export const DEV_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Path prefixes of the multi-tenant aliases, whose discovery shows the `{tenantid}` template. */
export const MULTI_TENANT_PREFIXES = ['/common/v2.0', '/organizations/v2.0'] as const;

/** The path prefix of the tenant's own endpoints. */
export const TENANT_PREFIX = `/${DEV_TENANT_ID}/v2.0`;

/**
 * The tenant issuer of an IdP at `base` (`<base>/<DEV_TENANT_ID>/v2.0`).
 *
 * @example
 * ```ts
 * tenantIssuer('http://127.0.0.1:4000'); // 'http://127.0.0.1:4000/9188040d-.../v2.0'
 * ```
 */
export function tenantIssuer(base: string): string {
  return `${base.replace(/\/+$/, '')}${TENANT_PREFIX}`;
}

/**
 * The issuer a relying party is configured with for the multi-tenant app.
 *
 * @example
 * ```ts
 * organizationsIssuer('http://127.0.0.1:4000'); // 'http://127.0.0.1:4000/organizations/v2.0'
 * ```
 */
export function organizationsIssuer(base: string): string {
  return `${base.replace(/\/+$/, '')}/organizations/v2.0`;
}
