// The BFF is a first-party client: its users are never asked to consent. Instead of a consent
// page, the grant oidc-provider looks up before prompting is completed here with whatever the
// request asks for, so the consent prompt finds nothing missing and never shows.
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/**
 * oidc-provider's `loadExistingGrant`: the session's grant for this client (or a new one),
 * extended with everything the current request asks for (OIDC scopes, claims, resource scopes)
 * and saved.
 *
 * @example
 * ```ts
 * new Provider(issuer, { loadExistingGrant: loadAutoConsentedGrant, ... });
 * ```
 */
export async function loadAutoConsentedGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const client = oidc.client;
  const accountId = oidc.session?.accountId;
  if (!client || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant = existing ?? new oidc.provider.Grant({ accountId, clientId: client.clientId });
  const oidcScopes = [...oidc.requestParamOIDCScopes];
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    const scopes = [...oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
    if (scopes.length) grant.addResourceScope(indicator, scopes.join(' '));
  }
  await grant.save();
  return grant;
}
