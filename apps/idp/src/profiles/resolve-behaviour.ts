import type { IdpBehaviour, IdpProfileName } from '../types.ts';
import { IDP_PROFILE_NAMES, idpProfiles } from './idp-profiles.ts';

const CHOICES: { [K in keyof IdpBehaviour]: readonly IdpBehaviour[K][] } = {
  refreshTokens: ['always', 'offline_access', 'google-offline', 'never'],
  rotateRefreshTokens: [true, false],
  revocation: [true, false],
  endSession: ['standard', 'none', 'cognito', 'needs-hint-and-state'],
  backchannelLogout: [true, false],
  logoutTokenTyp: ['logout+jwt', 'JWT', 'absent'],
  tenantIssuer: [true, false],
  par: [true, false],
  accessTokens: ['jwt', 'opaque', 'jwt-with-audience'],
  idTokenAlg: ['RS256', 'PS256', 'ES256', 'EdDSA'],
  thinIdToken: [true, false],
  authorizationResponseIss: [true, false],
  pkce: [true, false],
  basicCredentials: ['decoded', 'raw'],
  offlineAccessScope: [true, false],
  requireDpop: [true, false],
};

/**
 * Whether `name` is one of {@link IDP_PROFILE_NAMES}.
 *
 * @example
 * ```ts
 * if (!isIdpProfileName(process.env.IDP_PROFILE)) process.exit(1);
 * ```
 */
export function isIdpProfileName(name: unknown): name is IdpProfileName {
  return typeof name === 'string' && Object.hasOwn(idpProfiles, name);
}

/**
 * The profile's behaviour with `overrides` over it. Throws a TypeError naming every unknown
 * profile, unknown switch or bad value, so a misconfigured IdP fails at start-up.
 *
 * @example
 * ```ts
 * resolveBehaviour('okta', { idTokenAlg: 'ES256' }).endSession; // 'needs-hint-and-state'
 * ```
 */
export function resolveBehaviour(
  profile: IdpProfileName = 'default',
  overrides: Partial<IdpBehaviour> = {},
): IdpBehaviour {
  if (!isIdpProfileName(profile)) {
    throw new TypeError(
      `invalid IdP options:\n  profile: expected one of ${IDP_PROFILE_NAMES.join(', ')}, got ${JSON.stringify(profile)}`,
    );
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const choices = (CHOICES as Record<string, readonly unknown[]>)[key];
    if (!choices) problems.push(`behaviour.${key}: unknown switch`);
    else if (value !== undefined && !choices.includes(value)) {
      problems.push(
        `behaviour.${key}: expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (problems.length) throw new TypeError(`invalid IdP options:\n  ${problems.join('\n  ')}`);
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  return { ...idpProfiles[profile], ...defined };
}
