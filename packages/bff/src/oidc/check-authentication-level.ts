import { BffError } from '../errors/bff-error.ts';
import type { AuthenticationRequest } from './authentication-request.ts';

/**
 * Checks that a login's ID token claims give what its request asked for: an `acr` among the
 * requested `acr_values`, and with `max_age` an `auth_time` at most that long ago (with the
 * clock tolerance). The IdP may treat `acr_values` as voluntary (OIDC Core §3.1.2.1) and answer
 * with a weaker login, so the relying party must look. Done here rather than by openid-client's
 * `maxAge` check so that it uses the BFF's clock and ends in one stable error code,
 * `insufficient_user_authentication`.
 *
 * @example
 * ```ts
 * checkAuthenticationLevel(result.claims, { acrValues: 'urn:cloakroom:acr:mfa' }, Date.now() / 1000, 30);
 * ```
 */
export function checkAuthenticationLevel(
  claims: Record<string, unknown>,
  request: AuthenticationRequest,
  nowSeconds: number,
  toleranceSeconds: number,
): void {
  if (request.acrValues !== undefined) {
    const acr = claims.acr;
    if (typeof acr !== 'string' || !request.acrValues.split(' ').includes(acr)) {
      throw new BffError(
        'insufficient_user_authentication',
        'The identity provider did not log you in at the level this action needs.',
      );
    }
  }
  if (request.maxAge !== undefined) {
    const authTime = claims.auth_time;
    if (
      typeof authTime !== 'number' ||
      !Number.isFinite(authTime) ||
      authTime + request.maxAge + toleranceSeconds < nowSeconds
    ) {
      throw new BffError(
        'insufficient_user_authentication',
        'The identity provider did not log you in again recently enough for this action.',
      );
    }
  }
}
