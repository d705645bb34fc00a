// Authentication levels of the dev IdP (`acr_values`, OIDC Core §3.1.2.1; RFC 9470 step-up):
// `password` is the login form, `mfa` the form plus a one-time code. oidc-provider records the
// `acr` of a login result in its session and puts it in ID tokens, but treats `acr_values` as
// voluntary: it never asks again for a level the session lacks. The check here does, for the
// levels this IdP knows; an unknown value is ignored, and the ID token then names the level the
// session has (a relying party must check it, which is what the BFF's test of this relies on).
import { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** The login form alone. */
export const PASSWORD_ACR = 'urn:cloakroom:acr:password';
/** The login form and a one-time code shown on the page. */
export const MFA_ACR = 'urn:cloakroom:acr:mfa';
/** Every level this IdP can authenticate at, weakest first (its `acr_values_supported`). */
export const ACR_LEVELS = [PASSWORD_ACR, MFA_ACR] as const;

/**
 * The known levels an authorization request's `acr_values` asks for, in its order.
 *
 * @example
 * ```ts
 * requestedAcrs('urn:cloakroom:acr:mfa urn:x:gold'); // ['urn:cloakroom:acr:mfa']
 * ```
 */
export function requestedAcrs(acrValues: unknown): string[] {
  if (typeof acrValues !== 'string') return [];
  return acrValues.split(' ').filter((value) => (ACR_LEVELS as readonly string[]).includes(value));
}

/**
 * Whether a login for this request needs the one-time code: the request names `mfa` and not the
 * weaker `password` (either would satisfy it; the code is then not asked).
 *
 * @example
 * ```ts
 * needsOneTimeCode('urn:cloakroom:acr:mfa'); // true
 * ```
 */
export function needsOneTimeCode(acrValues: unknown): boolean {
  const wanted = requestedAcrs(acrValues);
  return wanted.includes(MFA_ACR) && !wanted.includes(PASSWORD_ACR);
}

/**
 * The interaction policy: oidc-provider's, plus a login check that asks again when the request
 * names known levels and the IdP session holds none of them (a password session asked for
 * `mfa`). A session that already gave the code is not asked again.
 *
 * @example
 * ```ts
 * new Provider(issuer, { interactions: { url, policy: acrPolicy() } });
 * ```
 */
export function acrPolicy(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check(
      'acr_values_not_met',
      'the requested authentication level has not been reached in this session',
      // A silent request (`prompt=none`) gets what it would for no session at all.
      'login_required',
      (ctx: KoaContextWithOIDC) => {
        const wanted = requestedAcrs(ctx.oidc.params?.acr_values);
        if (wanted.length === 0 || wanted.includes(String(ctx.oidc.acr))) {
          return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        }
        return interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );
  return policy;
}

/**
 * `extraTokenClaims` part: an access token carries the `acr` and `auth_time` of the login its
 * grant came from (the code, or the refresh token, which keeps them), so that an API can ask
 * for a stronger login (RFC 9470). Client-credentials tokens have none.
 *
 * @example
 * ```ts
 * new Provider(issuer, { extraTokenClaims: (ctx) => ({ ...authenticationClaims(ctx) }) });
 * ```
 */
export function authenticationClaims(
  ctx: Parameters<NonNullable<Configuration['extraTokenClaims']>>[0],
): { acr?: string; auth_time?: number } {
  const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
  if (!source) return {};
  return {
    ...(typeof source.acr === 'string' ? { acr: source.acr } : {}),
    ...(typeof source.authTime === 'number' ? { auth_time: source.authTime } : {}),
  };
}
