import type { DoctorClientConfig } from '../client-config.ts';
import { fail, ok, warn, type Finding } from '../finding.ts';
import { listField, stringField, type Metadata } from './metadata.ts';

const requiredEndpoints = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

/**
 * The authorization code flow as the BFF runs it: the three endpoints, `response_type=code`, and
 * PKCE S256, which the BFF always sends and which only protects when the IdP checks it.
 *
 * @example
 * checkCodeFlow({ response_types_supported: ['code'], … }); // [ok endpoints, ok code flow, ok PKCE]
 */
export function checkCodeFlow(metadata: Metadata): Finding[] {
  const findings: Finding[] = [];
  const missing = requiredEndpoints.filter((name) => {
    const value = stringField(metadata, name);
    return value === undefined || !URL.canParse(value);
  });
  for (const name of missing) {
    findings.push(fail(name, `${name}: missing from the discovery document (or not a URL)`));
  }
  if (missing.length === 0) findings.push(ok('endpoints', 'endpoints: authorization, token, JWKS'));

  const responseTypes = listField(metadata, 'response_types_supported') ?? [];
  // Discovery's default grant types (absent field) include authorization_code.
  const grantTypes = listField(metadata, 'grant_types_supported');
  if (!responseTypes.includes('code')) {
    findings.push(fail('code_flow', 'code flow: "code" is not in response_types_supported'));
  } else if (grantTypes && !grantTypes.includes('authorization_code')) {
    findings.push(fail('code_flow', 'code flow: authorization_code not in grant_types_supported'));
  } else {
    findings.push(ok('code_flow', 'code flow: response_type=code'));
  }

  const pkce = listField(metadata, 'code_challenge_methods_supported');
  if (pkce === undefined) {
    findings.push(
      fail(
        'pkce_s256',
        'PKCE S256: code_challenge_methods_supported is missing; Cloakroom always sends S256 and needs the IdP to check it',
      ),
    );
  } else if (!pkce.includes('S256')) {
    findings.push(
      fail('pkce_s256', `PKCE S256: not in code_challenge_methods_supported (${pkce.join(', ')})`),
    );
  } else {
    findings.push(ok('pkce_s256', 'PKCE S256: supported'));
  }

  findings.push(
    metadata.authorization_response_iss_parameter_supported === true
      ? ok(
          'iss_parameter',
          'RFC 9207 iss in the authorization response: supported (mix-up defence)',
        )
      : warn(
          'iss_parameter',
          'RFC 9207 iss in the authorization response: not announced; mix-up defence is by state only',
        ),
  );
  return findings;
}

/**
 * Refresh tokens keep a session alive past the access token's lifetime; many IdPs issue one
 * only for `offline_access`, which others (Google) refuse as a scope.
 *
 * @example
 * checkRefresh({ grant_types_supported: ['authorization_code'] }, config); // [warn refresh_token]
 */
export function checkRefresh(metadata: Metadata, config: DoctorClientConfig): Finding[] {
  const grantTypes = listField(metadata, 'grant_types_supported') ?? [];
  if (!grantTypes.includes('refresh_token')) {
    return [
      warn(
        'refresh_token',
        'refresh tokens: refresh_token not in grant_types_supported; a session ends when its access token expires (API calls then answer 401 session_expired)',
      ),
    ];
  }
  const findings = [
    ok('refresh_token', 'refresh tokens: supported'),
    ok(
      'refresh_rotation',
      'refresh token rotation: not visible in metadata; Cloakroom works with rotating and reusable refresh tokens',
    ),
  ];
  const scopes = listField(metadata, 'scopes_supported');
  const asks = config.scopes.includes('offline_access');
  if (asks && scopes && !scopes.includes('offline_access')) {
    findings.push(
      warn(
        'offline_access',
        'offline_access: OIDC_SCOPE asks for it but it is not in scopes_supported; the login may fail with invalid_scope: drop it from OIDC_SCOPE (Google: set OIDC_AUTHORIZATION_PARAMS=access_type=offline&prompt=consent)',
      ),
    );
  } else if (!asks && scopes?.includes('offline_access')) {
    findings.push(
      warn(
        'offline_access',
        'offline_access: not in OIDC_SCOPE; this IdP may then issue no refresh token',
      ),
    );
  }
  return findings;
}
