import type { ServerMetadata } from 'openid-client';
import type { Logger } from '../observability/logger.ts';

/**
 * What happens instead when the IdP lacks a logout capability: said once at start-up by the BFF
 * and by `cloakroom-server doctor`, in the same words.
 */
export const logoutConsequences = {
  revocation_endpoint: 'refresh tokens stay valid at the IdP after logout until they expire',
  end_session_endpoint:
    'the IdP session outlives a Cloakroom logout: the next login may not ask for a password',
  backchannel_logout_supported: 'a logout at the IdP does not end Cloakroom sessions',
} as const;

/** What the BFF would use but this IdP does not offer, each with what happens instead. */
export function missingCapabilities(
  metadata: ServerMetadata,
  config: {
    endSessionUrl?: string | undefined;
    pushedAuthorizationRequests: boolean;
    userinfo: boolean;
  },
): Array<{ capability: string; consequence: string }> {
  const missing: Array<{ capability: string; consequence: string }> = [];
  if (!metadata.revocation_endpoint) {
    missing.push({
      capability: 'revocation_endpoint',
      consequence:
        'logout cannot revoke refresh tokens; they stay valid at the IdP until they expire',
    });
  }
  if (!metadata.end_session_endpoint && !config.endSessionUrl) {
    missing.push({
      capability: 'end_session_endpoint',
      consequence: logoutConsequences.end_session_endpoint,
    });
  }
  if (metadata.backchannel_logout_supported !== true) {
    missing.push({
      capability: 'backchannel_logout_supported',
      consequence: logoutConsequences.backchannel_logout_supported,
    });
  }
  if (config.pushedAuthorizationRequests && !metadata.pushed_authorization_request_endpoint) {
    missing.push({
      capability: 'pushed_authorization_request_endpoint',
      consequence: 'PAR is configured but not offered: every login will fail',
    });
  }
  if (config.userinfo && !metadata.userinfo_endpoint) {
    missing.push({
      capability: 'userinfo_endpoint',
      consequence: 'userinfo is configured but not offered: every login will fail',
    });
  }
  return missing;
}

/** One log line per missing capability, at the first successful discovery. */
export function logMissingCapabilities(
  metadata: ServerMetadata,
  config: Parameters<typeof missingCapabilities>[1],
  logger: Logger,
): void {
  for (const { capability, consequence } of missingCapabilities(metadata, config)) {
    logger.warn({ capability }, `the IdP has no ${capability}: ${consequence}`);
  }
}
