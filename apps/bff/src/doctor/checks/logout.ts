import { logoutConsequences } from '@cloakroom/bff';
import type { DoctorClientConfig } from '../client-config.ts';
import { ok, warn, type Finding } from '../finding.ts';
import { stringField, type Metadata } from './metadata.ts';

/**
 * A Cloakroom logout always ends the Cloakroom session; these say what else it ends. The
 * id_token_hint need is invisible in metadata, so it is said as a hint when the hint is off.
 *
 * @example
 * checkLogout({}, config); // [warn revocation, warn end_session, warn backchannel_logout]
 */
export function checkLogout(metadata: Metadata, config: DoctorClientConfig): Finding[] {
  const findings: Finding[] = [];
  findings.push(
    stringField(metadata, 'revocation_endpoint') === undefined
      ? warn(
          'revocation',
          `revocation: no revocation_endpoint; ${logoutConsequences.revocation_endpoint}`,
        )
      : ok('revocation', 'revocation: refresh tokens are revoked at logout'),
  );

  const endSession = stringField(metadata, 'end_session_endpoint') !== undefined;
  if (config.endSessionUrl) {
    findings.push(ok('end_session', 'end-session: OIDC_END_SESSION_URL ends the IdP session'));
  } else if (endSession) {
    findings.push(ok('end_session', 'end-session: a Cloakroom logout ends the IdP session too'));
  } else {
    findings.push(
      warn(
        'end_session',
        `end-session: no end_session_endpoint and no OIDC_END_SESSION_URL; ${logoutConsequences.end_session_endpoint}`,
      ),
    );
  }
  if (config.endSessionUrl || endSession) {
    findings.push(
      config.logoutIdTokenHint
        ? ok('id_token_hint', 'id_token_hint: sent at logout (the ID token is then in the URL)')
        : warn(
            'id_token_hint',
            'id_token_hint: off; if your IdP is Okta or needs id_token_hint, its session outlives a Cloakroom logout: set OIDC_LOGOUT_ID_TOKEN_HINT=true',
          ),
    );
  }

  if (metadata.backchannel_logout_supported !== true) {
    findings.push(
      warn(
        'backchannel_logout',
        `back-channel logout: not supported; ${logoutConsequences.backchannel_logout_supported}`,
      ),
    );
  } else {
    findings.push(ok('backchannel_logout', 'back-channel logout: supported'));
    if (metadata.backchannel_logout_session_supported !== true) {
      findings.push(
        warn(
          'backchannel_logout_session',
          'back-channel logout: without sid; a logout at the IdP ends every Cloakroom session of that user',
        ),
      );
    }
  }
  return findings;
}
