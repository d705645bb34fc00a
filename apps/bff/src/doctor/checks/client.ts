import { clientAuthMethods, type DoctorClientConfig } from '../client-config.ts';
import { fail, ok, type Finding } from '../finding.ts';
import { listField, stringField, type Metadata } from './metadata.ts';

/**
 * What the configured client asks of the IdP beyond the basics: its token endpoint
 * authentication, PAR, DPoP and userinfo. Each option turned on must be offered.
 *
 * @example
 * checkClient({ token_endpoint_auth_methods_supported: ['client_secret_post'] }, config); // [fail client_auth, …]
 */
export function checkClient(metadata: Metadata, config: DoctorClientConfig): Finding[] {
  return [
    checkClientAuth(metadata, config.clientAuth),
    ...checkPar(metadata, config.par),
    ...checkDpop(metadata, config.dpop),
    ...checkUserinfo(metadata, config.userinfo),
  ];
}

function checkClientAuth(metadata: Metadata, method: string): Finding {
  if (!(clientAuthMethods as readonly string[]).includes(method)) {
    return fail(
      'client_auth',
      `client authentication: OIDC_CLIENT_AUTH=${method} is not one of ${clientAuthMethods.join(', ')}`,
    );
  }
  // Absent, the spec's default is client_secret_basic alone.
  const published = listField(metadata, 'token_endpoint_auth_methods_supported');
  const supported = published ?? ['client_secret_basic'];
  if (supported.includes(method)) return ok('client_auth', `client authentication: ${method}`);
  return fail(
    'client_auth',
    `client authentication: ${method} (OIDC_CLIENT_AUTH) is not in ${published ? 'token_endpoint_auth_methods_supported' : 'the default'} (${supported.join(', ')}); set OIDC_CLIENT_AUTH to one of those`,
  );
}

function checkPar(metadata: Metadata, on: boolean): Finding[] {
  const offered = stringField(metadata, 'pushed_authorization_request_endpoint') !== undefined;
  const required = metadata.require_pushed_authorization_requests === true;
  if (on && !offered) {
    return [
      fail(
        'par',
        'PAR: OIDC_PAR=true but the IdP has no pushed_authorization_request_endpoint; set OIDC_PAR=false',
      ),
    ];
  }
  if (!on && required) {
    return [fail('par', 'PAR: the IdP requires pushed authorization requests; set OIDC_PAR=true')];
  }
  if (on) return [ok('par', 'PAR: on')];
  if (offered) {
    return [
      ok('par', 'PAR: available, not used (OIDC_PAR=true keeps the request off the browser URL)'),
    ];
  }
  return [];
}

function checkDpop(metadata: Metadata, on: boolean): Finding[] {
  const algs = listField(metadata, 'dpop_signing_alg_values_supported');
  if (on && (algs === undefined || algs.length === 0)) {
    return [
      fail(
        'dpop',
        'DPoP: OIDC_DPOP=true but the IdP lists no dpop_signing_alg_values_supported; set OIDC_DPOP=false',
      ),
    ];
  }
  if (algs === undefined || algs.length === 0) return [];
  if (on && !algs.some((alg) => alg === 'EdDSA' || alg === 'Ed25519')) {
    return [
      fail(
        'dpop',
        `DPoP: Cloakroom signs proofs with EdDSA (Ed25519), which the IdP does not list (${algs.join(', ')}); set OIDC_DPOP=false`,
      ),
    ];
  }
  return [
    ok(
      'dpop',
      on
        ? `DPoP: on (IdP accepts ${algs.join(', ')})`
        : `DPoP: available (${algs.join(', ')}), not used (OIDC_DPOP=true binds tokens to the BFF)`,
    ),
  ];
}

function checkUserinfo(metadata: Metadata, on: boolean): Finding[] {
  if (!on) return [];
  return stringField(metadata, 'userinfo_endpoint') === undefined
    ? [
        fail(
          'userinfo',
          'userinfo: OIDC_USERINFO=true but the IdP has no userinfo_endpoint; set OIDC_USERINFO=false',
        ),
      ]
    : [ok('userinfo', 'userinfo: claims added at login')];
}
