// `requireDpop`: oidc-provider enforces the client's `dpop_bound_access_tokens` itself, but
// answers a token request without a proof with an opaque `invalid_grant` ("grant request is
// invalid"), and only after looking the code or refresh token up. FAPI-style IdPs (Keycloak's
// "DPoP bound access tokens" client switch) refuse it up front, saying why; so does this.
import type { Context, Next } from 'koa';
import type { Provider } from 'oidc-provider';
import type { IdpStats } from '../types.ts';

/**
 * A middleware (for `provider.use`) that answers a token request without a `DPoP` header with
 * `400 {"error":"invalid_dpop_proof","error_description":"DPoP proof is missing"}`, counted in
 * `stats.grantErrors`. The code or refresh token it carried is not spent.
 *
 * @example
 * ```ts
 * if (behaviour.requireDpop) provider.use(requireDpopProof(provider, stats));
 * ```
 */
export function requireDpopProof(provider: Provider, stats: IdpStats) {
  const tokenPath = provider.pathFor('token', { mountPath: '' });
  return async function refuseWithoutProof(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'POST' || ctx.path !== tokenPath || ctx.get('dpop')) return next();
    stats.grantErrors.invalid_dpop_proof = (stats.grantErrors.invalid_dpop_proof ?? 0) + 1;
    ctx.status = 400;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { error: 'invalid_dpop_proof', error_description: 'DPoP proof is missing' };
  };
}
