// oidc-provider's discovery document always says what oidc-provider can do. Some real IdPs say
// less, or say it differently; the document is edited on its way out, and the matching
// behaviour is enforced elsewhere (pkce.required, the client's scope, disabled features).
import type { Context, Next } from 'koa';
import { isMultiTenantRequest } from '../profiles/tenant-routing.ts';
import type { IdpBehaviour } from '../types.ts';

const DISCOVERY_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]);

type Metadata = Record<string, unknown>;

/**
 * A middleware (for `provider.use`) that edits the discovery document as `behaviour` says:
 * no `code_challenge_methods_supported` without PKCE, no `offline_access` in `scopes_supported`,
 * no RFC 9207 flag, and Entra's `{tenantid}` issuer template at the multi-tenant paths.
 *
 * @example
 * ```ts
 * provider.use(rewriteDiscovery(behaviour, provider.issuer));
 * ```
 */
export function rewriteDiscovery(behaviour: IdpBehaviour, issuer: string) {
  const { origin } = new URL(issuer);
  return async function discoveryRewrite(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.method !== 'GET' || !DISCOVERY_PATHS.has(ctx.path) || ctx.status !== 200) return;
    const metadata = ctx.body as Metadata;
    if (!behaviour.pkce) delete metadata.code_challenge_methods_supported;
    if (!behaviour.authorizationResponseIss) {
      delete metadata.authorization_response_iss_parameter_supported;
    }
    if (!behaviour.offlineAccessScope && Array.isArray(metadata.scopes_supported)) {
      metadata.scopes_supported = metadata.scopes_supported.filter((s) => s !== 'offline_access');
    }
    if (behaviour.tenantIssuer && isMultiTenantRequest(ctx.req)) {
      metadata.issuer = `${origin}/{tenantid}/v2.0`;
    }
  };
}
