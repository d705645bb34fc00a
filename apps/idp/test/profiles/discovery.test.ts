import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IDP_PROFILE_NAMES,
  idpProfiles,
  resolveBehaviour,
  type IdpProfileName,
  type RunningIdp,
} from '../../src/index.ts';
import { discover, startProfileIdp } from '../support/profile-idp.ts';

describe('profiles', () => {
  it('default is the contract dev IdP: refresh always and rotated, everything served', () => {
    expect(idpProfiles.default).toEqual({
      refreshTokens: 'always',
      rotateRefreshTokens: true,
      revocation: true,
      endSession: 'standard',
      backchannelLogout: true,
      logoutTokenTyp: 'logout+jwt',
      tenantIssuer: false,
      par: true,
      accessTokens: 'jwt',
      idTokenAlg: 'RS256',
      thinIdToken: false,
      authorizationResponseIss: true,
      pkce: true,
      basicCredentials: 'decoded',
      offlineAccessScope: true,
      requireDpop: false,
    });
  });

  it('resolveBehaviour puts overrides over the profile', () => {
    expect(resolveBehaviour('okta', { idTokenAlg: 'ES256' })).toEqual({
      ...idpProfiles.okta,
      idTokenAlg: 'ES256',
    });
    expect(resolveBehaviour()).toEqual(idpProfiles.default);
  });

  it('resolveBehaviour names an unknown profile, switch or value', () => {
    expect(() => resolveBehaviour('ping' as IdpProfileName)).toThrow(
      /profile: expected one of default, keycloak/,
    );
    expect(() => resolveBehaviour('default', { pkce: 'yes' as never })).toThrow(/behaviour\.pkce/);
    expect(() => resolveBehaviour('default', { nope: 1 } as never)).toThrow(
      /behaviour\.nope: unknown/,
    );
  });
});

describe('discovery by profile', () => {
  const idps = new Map<IdpProfileName, RunningIdp>();
  beforeAll(async () => {
    for (const name of IDP_PROFILE_NAMES) idps.set(name, await startProfileIdp(name));
  });
  afterAll(async () => {
    for (const idp of idps.values()) await idp.close();
  });

  it.each(IDP_PROFILE_NAMES)('%s advertises exactly what it serves', async (name) => {
    const idp = idps.get(name) as RunningIdp;
    const behaviour = idpProfiles[name];
    const metadata = await discover(idp);
    expect(metadata.issuer).toBe(idp.issuer);
    expect('revocation_endpoint' in metadata).toBe(behaviour.revocation);
    expect('end_session_endpoint' in metadata).toBe(
      behaviour.endSession === 'standard' || behaviour.endSession === 'needs-hint-and-state',
    );
    expect(metadata.backchannel_logout_supported === true).toBe(behaviour.backchannelLogout);
    expect('pushed_authorization_request_endpoint' in metadata).toBe(behaviour.par);
    expect(metadata.require_pushed_authorization_requests).toBeUndefined();
    expect(metadata.code_challenge_methods_supported).toEqual(
      behaviour.pkce ? ['S256'] : undefined,
    );
    expect(metadata.authorization_response_iss_parameter_supported).toBe(
      behaviour.authorizationResponseIss ? true : undefined,
    );
    expect((metadata.scopes_supported as string[]).includes('offline_access')).toBe(
      behaviour.offlineAccessScope,
    );
    expect(metadata.id_token_signing_alg_values_supported).toEqual([behaviour.idTokenAlg]);
  });

  it.each(IDP_PROFILE_NAMES)(
    '%s really refuses the endpoints it does not advertise',
    async (name) => {
      const idp = idps.get(name) as RunningIdp;
      const behaviour = idpProfiles[name];
      const revocation = await fetch(new URL('/token/revocation', idp.issuer), { method: 'POST' });
      expect(revocation.status === 404).toBe(!behaviour.revocation);
      const endSession = await fetch(new URL('/session/end', idp.issuer), { redirect: 'manual' });
      expect(endSession.status === 404).toBe(
        behaviour.endSession === 'none' || behaviour.endSession === 'cognito',
      );
      const par = await fetch(new URL('/request', idp.issuer), { method: 'POST' });
      expect(par.status === 404).toBe(!behaviour.par);
    },
  );

  it('configures relying parties with the issuer itself, except for entra', () => {
    const expected = (name: IdpProfileName, idp: RunningIdp) =>
      name === 'entra' ? `${idp.url}/organizations/v2.0` : idp.issuer;
    for (const [name, idp] of idps) expect(idp.bffIssuer).toBe(expected(name, idp));
  });
});
