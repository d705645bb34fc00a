// oidc-provider's userinfo endpoint refuses access tokens issued for a resource server
// ("token audience prevents accessing the userinfo endpoint"), so the API's JWT access tokens,
// the only ones the BFF holds in most profiles, could never read userinfo. Keycloak, Okta and
// Auth0 answer userinfo for their access tokens with the openid scope; this does the same for
// JWT access tokens of this IdP, in front of the provider's endpoint (which still serves the
// opaque ones).
import type { Context, Next } from 'koa';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import type { Provider } from 'oidc-provider';
import { accountClaims, DEV_USERS } from '../accounts.ts';
import { scopeClaims } from './scope-claims.ts';
import type { SigningJwk } from './signing-keys.ts';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);

const isJwt = (token: string) => {
  try {
    return token.split('.').length === 3 && Boolean(decodeProtectedHeader(token));
  } catch {
    return false;
  }
};

function refuse(ctx: Context, description: string): void {
  ctx.status = 401;
  ctx.set('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  ctx.body = { error: 'invalid_token', error_description: description };
}

/**
 * A middleware (for `provider.use`) answering userinfo for this IdP's JWT access tokens.
 *
 * @example
 * ```ts
 * provider.use(jwtUserinfo(provider, jwks.keys, { thinIdToken: true }));
 * ```
 */
export function jwtUserinfo(
  provider: Provider,
  keys: SigningJwk[],
  options: { tenantId?: string },
) {
  const path = provider.pathFor('userinfo', { mountPath: '' });
  const jwks = createLocalJWKSet({
    keys: keys.map(
      (key) =>
        Object.fromEntries(Object.entries(key).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK,
    ),
  });
  const released = scopeClaims(options.tenantId);
  return async function userinfo(ctx: Context, next: Next): Promise<void> {
    const [scheme, token = ''] = ctx.get('authorization').split(' ');
    if (ctx.path !== path || scheme?.toLowerCase() !== 'bearer' || !isJwt(token)) return next();
    ctx.set('cache-control', 'no-store');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: provider.issuer, typ: 'at+jwt' }));
    } catch {
      return refuse(ctx, 'invalid access token');
    }
    const scopes = new Set(String(payload.scope ?? '').split(' '));
    const user = DEV_USERS.find((candidate) => candidate.login === payload.sub);
    if (!user || !scopes.has('openid')) return refuse(ctx, 'access token without openid scope');
    const claims = accountClaims(user, 'userinfo', options);
    const names = new Set(Object.entries(released).flatMap(([s, c]) => (scopes.has(s) ? c : [])));
    ctx.body = Object.fromEntries(Object.entries(claims).filter(([name]) => names.has(name)));
  };
}
