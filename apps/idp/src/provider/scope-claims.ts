/**
 * Which claims each scope releases (oidc-provider's `claims` option). With a tenant (Entra),
 * `tid` comes with `openid`.
 *
 * @example
 * ```ts
 * new Provider(issuer, { claims: scopeClaims(), ... });
 * ```
 */
export function scopeClaims(tenantId?: string): Record<string, string[]> {
  return {
    openid: tenantId ? ['sub', 'tid'] : ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
  };
}
