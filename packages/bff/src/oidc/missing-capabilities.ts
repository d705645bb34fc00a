import type { ServerMetadata } from 'openid-client';
import type { Logger } from '../observability/logger.ts';

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
      consequence: 'logout ends the Cloakroom session only; the IdP session outlives it',
    });
  }
  if (metadata.backchannel_logout_supported !== true) {
    missing.push({
      capability: 'backchannel_logout_supported',
      consequence: 'a logout at the IdP does not end Cloakroom sessions',
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
