import { describe, expect, it } from 'vitest';
import { checkIdp } from './checks.ts';
import { doctorClientConfig } from './client-config.ts';
import type { IdpDocuments } from './fetch-idp.ts';
import type { Fetched } from './fetch-json.ts';
import type { Finding } from './finding.ts';

const issuer = 'https://idp.example';

/** A complete, well-behaved IdP: every check passes on it (id_token_hint is a hint, see below). */
const goodMetadata = {
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  userinfo_endpoint: `${issuer}/userinfo`,
  revocation_endpoint: `${issuer}/revoke`,
  end_session_endpoint: `${issuer}/logout`,
  response_types_supported: ['code'],
  grant_types_supported: ['authorization_code', 'refresh_token'],
  code_challenge_methods_supported: ['S256'],
  scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
  id_token_signing_alg_values_supported: ['RS256'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  authorization_response_iss_parameter_supported: true,
  backchannel_logout_supported: true,
  backchannel_logout_session_supported: true,
};
// Only public parameters are ever looked at, and only kty/crv/alg/use: n and e are placeholders.
const rsaKey = { kty: 'RSA', kid: 'k1', use: 'sig', n: 'AQAB', e: 'AQAB' };

const fetched = (url: string, body: Record<string, unknown>): Fetched => ({ ok: true, url, body });

function run(
  metadata: Record<string, unknown>,
  {
    env = {},
    keys = [rsaKey] as unknown[],
    jwks,
    given = issuer,
  }: {
    env?: Record<string, string>;
    keys?: unknown[];
    jwks?: Fetched;
    given?: string;
  } = {},
): Finding[] {
  const documents: IdpDocuments = {
    discovery: fetched(`${given}/.well-known/openid-configuration`, metadata),
    jwks: 'jwks_uri' in metadata ? (jwks ?? fetched(`${issuer}/jwks`, { keys })) : undefined,
  };
  return checkIdp(documents, doctorClientConfig(env, given));
}

const failures = (findings: Finding[]) => findings.filter(({ level }) => level === 'fail');
const byId = (findings: Finding[], id: string) => findings.filter((finding) => finding.id === id);
const without = (name: string) => {
  const { [name as keyof typeof goodMetadata]: _dropped, ...rest } = goodMetadata;
  return rest;
};

describe('checkIdp on a complete IdP', () => {
  it('reports no failure and no warning except the id_token_hint hint', () => {
    const findings = run(goodMetadata);
    expect(findings.filter(({ level }) => level !== 'ok').map(({ id }) => id)).toEqual([
      'id_token_hint',
    ]);
    expect(byId(findings, 'pkce_s256')).toEqual([
      { id: 'pkce_s256', level: 'ok', text: 'PKCE S256: supported' },
    ]);
  });
});

describe('checkIdp fails each missing must-have on its own, naming it', () => {
  const cases: {
    name: string;
    findings: () => Finding[];
    id: string;
    text: RegExp;
  }[] = [
    {
      name: 'an issuer other than the one configured',
      findings: () => run({ ...goodMetadata, issuer: 'https://other.example' }),
      id: 'issuer',
      text: /issuer: the IdP says https:\/\/other\.example, not https:\/\/idp\.example; set OIDC_ISSUER/,
    },
    {
      name: 'no issuer in the document',
      findings: () => run(without('issuer')),
      id: 'issuer',
      text: /no issuer/,
    },
    {
      name: 'a plain-http endpoint off loopback',
      findings: () => run({ ...goodMetadata, token_endpoint: 'http://idp.example/token' }),
      id: 'https',
      text: /https: .*token_endpoint \(http:\/\/idp\.example\/token\)/,
    },
    {
      name: 'a plain-http issuer off loopback',
      findings: () =>
        run({ ...goodMetadata, issuer: 'http://idp.example' }, { given: 'http://idp.example' }),
      id: 'https',
      text: /https: .*issuer \(http:\/\/idp\.example\)/,
    },
    ...(['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).map((name) => ({
      name: `no ${name}`,
      findings: () => run(without(name)),
      id: name,
      text: new RegExp(`^${name}: missing`),
    })),
    {
      name: 'an endpoint that is not a URL',
      findings: () => run({ ...goodMetadata, token_endpoint: '/token' }),
      id: 'token_endpoint',
      text: /token_endpoint: missing .*not a URL/,
    },
    {
      name: 'no "code" response type',
      findings: () => run({ ...goodMetadata, response_types_supported: ['id_token'] }),
      id: 'code_flow',
      text: /"code" is not in response_types_supported/,
    },
    {
      name: 'grant types without authorization_code',
      findings: () => run({ ...goodMetadata, grant_types_supported: ['refresh_token'] }),
      id: 'code_flow',
      text: /authorization_code not in grant_types_supported/,
    },
    {
      name: 'no code_challenge_methods_supported',
      findings: () => run(without('code_challenge_methods_supported')),
      id: 'pkce_s256',
      text: /PKCE S256: code_challenge_methods_supported is missing; Cloakroom always sends S256/,
    },
    {
      name: 'PKCE with plain only',
      findings: () => run({ ...goodMetadata, code_challenge_methods_supported: ['plain'] }),
      id: 'pkce_s256',
      text: /PKCE S256: not in code_challenge_methods_supported \(plain\)/,
    },
    {
      name: 'ID tokens signed only with an algorithm Cloakroom refuses',
      findings: () => run({ ...goodMetadata, id_token_signing_alg_values_supported: ['HS256'] }),
      id: 'id_token_alg',
      text: /ID token algorithms: the IdP signs with HS256; Cloakroom accepts RS256, PS256, ES256, EdDSA/,
    },
    {
      name: 'a JWKS that cannot be read',
      findings: () =>
        run(goodMetadata, {
          jwks: { ok: false, url: `${issuer}/jwks`, kind: 'http', reason: 'HTTP 500' },
        }),
      id: 'jwks',
      text: /JWKS: https:\/\/idp\.example\/jwks cannot be read \(HTTP 500\)/,
    },
    {
      name: 'a JWKS without a keys array',
      findings: () => run(goodMetadata, { jwks: fetched(`${issuer}/jwks`, { key: rsaKey }) }),
      id: 'jwks',
      text: /no "keys" array/,
    },
    {
      name: 'a JWKS with only keys for other algorithms or uses',
      findings: () =>
        run(
          { ...without('id_token_signing_alg_values_supported') },
          {
            keys: [
              { kty: 'EC', crv: 'P-384', x: 'x', y: 'y' },
              { kty: 'RSA', use: 'enc', n: 'AQAB', e: 'AQAB' },
              { kty: 'RSA', alg: 'RS512', n: 'AQAB', e: 'AQAB' },
            ],
          },
        ),
      id: 'jwks',
      text: /JWKS: none of its 3 keys can verify RS256, PS256, ES256, EdDSA/,
    },
    {
      name: 'RSA keys while the IdP announces ES256 only',
      findings: () => run({ ...goodMetadata, id_token_signing_alg_values_supported: ['ES256'] }),
      id: 'jwks',
      text: /none of its 1 keys can verify ES256/,
    },
    {
      name: 'a client authentication the IdP does not list',
      findings: () => run(goodMetadata, { env: { OIDC_CLIENT_AUTH: 'private_key_jwt' } }),
      id: 'client_auth',
      text: /private_key_jwt \(OIDC_CLIENT_AUTH\) is not in token_endpoint_auth_methods_supported \(client_secret_basic, client_secret_post\)/,
    },
    {
      name: 'client_secret_post when the IdP lists no methods (the default is basic alone)',
      findings: () =>
        run(without('token_endpoint_auth_methods_supported'), {
          env: { OIDC_CLIENT_AUTH: 'client_secret_post' },
        }),
      id: 'client_auth',
      text: /client_secret_post \(OIDC_CLIENT_AUTH\) is not in the default \(client_secret_basic\)/,
    },
    {
      name: 'a public client (empty secret) at an IdP without "none"',
      findings: () => run(goodMetadata, { env: { OIDC_CLIENT_SECRET: '' } }),
      id: 'client_auth',
      text: /none \(OIDC_CLIENT_AUTH\) is not in/,
    },
    {
      name: 'an OIDC_CLIENT_AUTH value that is no method',
      findings: () => run(goodMetadata, { env: { OIDC_CLIENT_AUTH: 'basic' } }),
      id: 'client_auth',
      text: /OIDC_CLIENT_AUTH=basic is not one of client_secret_basic, client_secret_post, private_key_jwt, none/,
    },
    {
      name: 'OIDC_PAR=true without a PAR endpoint',
      findings: () => run(goodMetadata, { env: { OIDC_PAR: 'true' } }),
      id: 'par',
      text: /OIDC_PAR=true but the IdP has no pushed_authorization_request_endpoint/,
    },
    {
      name: 'an IdP that requires PAR while OIDC_PAR is off',
      findings: () =>
        run({
          ...goodMetadata,
          pushed_authorization_request_endpoint: `${issuer}/par`,
          require_pushed_authorization_requests: true,
        }),
      id: 'par',
      text: /requires pushed authorization requests; set OIDC_PAR=true/,
    },
    {
      name: 'OIDC_DPOP=true without DPoP algorithms',
      findings: () => run(goodMetadata, { env: { OIDC_DPOP: 'true' } }),
      id: 'dpop',
      text: /OIDC_DPOP=true but the IdP lists no dpop_signing_alg_values_supported/,
    },
    {
      name: 'OIDC_USERINFO=true without a userinfo endpoint',
      findings: () => run(without('userinfo_endpoint'), { env: { OIDC_USERINFO: 'true' } }),
      id: 'userinfo',
      text: /OIDC_USERINFO=true but the IdP has no userinfo_endpoint/,
    },
  ];

  it.each(cases)('fails on $name', ({ findings, id, text }) => {
    const failed = failures(findings());
    expect(failed.map((finding) => finding.id)).toEqual([id]);
    expect(failed[0]!.text).toMatch(text);
  });

  it('says the IdP cannot be reached, with the URL and the reason, and checks nothing else', () => {
    const url = `${issuer}/.well-known/openid-configuration`;
    const findings = checkIdp(
      { discovery: { ok: false, url, kind: 'unreachable', reason: 'connection refused' } },
      doctorClientConfig({}, issuer),
    );
    expect(findings).toEqual([
      {
        id: 'discovery',
        level: 'fail',
        text: `discovery: the IdP cannot be reached at ${url}: connection refused`,
      },
    ]);
  });

  it('says a discovery URL answering 404 is not a discovery document', () => {
    const url = `${issuer}/.well-known/openid-configuration`;
    const [finding] = checkIdp(
      { discovery: { ok: false, url, kind: 'http', reason: 'HTTP 404' } },
      doctorClientConfig({}, issuer),
    );
    expect(finding).toMatchObject({
      level: 'fail',
      text: `discovery: ${url} is not a discovery document (HTTP 404)`,
    });
  });
});

describe('checkIdp accepts', () => {
  it("Entra's tenant-independent issuer template", () => {
    const entra = 'https://login.microsoftonline.com/organizations/v2.0';
    const findings = run(
      { ...goodMetadata, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' },
      { given: entra },
    );
    expect(failures(findings)).toEqual([]);
    expect(byId(findings, 'issuer')[0]!.text).toContain(
      'tenant-independent issuer template (https://login.microsoftonline.com/{tenantid}/v2.0), tokens checked against their tid',
    );
  });

  it('an issuer that differs only by a trailing slash', () => {
    expect(failures(run(goodMetadata, { given: `${issuer}/` }))).toEqual([]);
  });

  it('plain http on loopback hosts, saying it is for development', () => {
    for (const host of ['127.0.0.1:4000', 'localhost:4000', '[::1]:4000']) {
      const local = `http://${host}`;
      const findings = run(
        {
          ...goodMetadata,
          issuer: local,
          authorization_endpoint: `${local}/auth`,
          token_endpoint: `${local}/token`,
        },
        { given: local },
      );
      expect(failures(findings)).toEqual([]);
      expect(byId(findings, 'https')[0]!.text).toContain('loopback only');
    }
  });

  it('keys chosen by type and curve when they name no alg (ES256, EdDSA)', () => {
    const metadata = { ...goodMetadata, id_token_signing_alg_values_supported: ['ES256', 'EdDSA'] };
    for (const key of [
      { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
      { kty: 'OKP', crv: 'Ed25519', x: 'x' },
    ]) {
      expect(byId(run(metadata, { keys: [key] }), 'jwks')[0]).toMatchObject({ level: 'ok' });
    }
  });

  it('the client authentication the IdP lists, and client_secret_basic by default', () => {
    expect(
      byId(run(goodMetadata, { env: { OIDC_CLIENT_AUTH: 'client_secret_post' } }), 'client_auth'),
    ).toMatchObject([{ level: 'ok', text: 'client authentication: client_secret_post' }]);
    expect(
      byId(run(without('token_endpoint_auth_methods_supported')), 'client_auth'),
    ).toMatchObject([{ level: 'ok', text: 'client authentication: client_secret_basic' }]);
  });

  it('PAR and DPoP turned on when the IdP offers them', () => {
    const findings = run(
      {
        ...goodMetadata,
        pushed_authorization_request_endpoint: `${issuer}/par`,
        dpop_signing_alg_values_supported: ['ES256', 'EdDSA'],
      },
      { env: { OIDC_PAR: 'true', OIDC_DPOP: 'true' } },
    );
    expect(failures(findings)).toEqual([]);
    expect(byId(findings, 'par')[0]!.text).toBe('PAR: on');
    expect(byId(findings, 'dpop')[0]!.text).toBe('DPoP: on (IdP accepts ES256, EdDSA)');
  });

  it('fails DPoP turned on when the IdP does not take EdDSA proofs, which Cloakroom signs', () => {
    const findings = run(
      { ...goodMetadata, dpop_signing_alg_values_supported: ['ES256', 'PS256'] },
      { env: { OIDC_DPOP: 'true' } },
    );
    expect(byId(findings, 'dpop')).toMatchObject([
      {
        level: 'fail',
        text: /signs proofs with EdDSA \(Ed25519\), which the IdP does not list \(ES256, PS256\)/,
      },
    ]);
  });

  it('says PAR and DPoP are available when offered but not turned on', () => {
    const findings = run({
      ...goodMetadata,
      pushed_authorization_request_endpoint: `${issuer}/par`,
      dpop_signing_alg_values_supported: ['ES256'],
    });
    expect(byId(findings, 'par')[0]).toMatchObject({ level: 'ok', text: /available, not used/ });
    expect(byId(findings, 'dpop')[0]).toMatchObject({
      level: 'ok',
      text: /DPoP: available \(ES256\), not used/,
    });
  });
});

describe('checkIdp warns, with the consequence', () => {
  const warningOf = (findings: Finding[], id: string) => {
    const found = byId(findings, id);
    expect(found.map(({ level }) => level)).toEqual(['warn']);
    expect(failures(findings)).toEqual([]);
    return found[0]!.text;
  };

  it('without the refresh_token grant: the session ends with the access token', () => {
    const text = warningOf(
      run({ ...goodMetadata, grant_types_supported: ['authorization_code'] }),
      'refresh_token',
    );
    expect(text).toContain('a session ends when its access token expires');
  });

  it('when OIDC_SCOPE asks for offline_access the IdP does not list: invalid_scope, and the fix', () => {
    const text = warningOf(
      run({ ...goodMetadata, scopes_supported: ['openid', 'email', 'profile'] }),
      'offline_access',
    );
    expect(text).toContain('the login may fail with invalid_scope');
    expect(text).toContain('drop it from OIDC_SCOPE');
    expect(text).toContain('OIDC_AUTHORIZATION_PARAMS=access_type=offline&prompt=consent');
  });

  it('not about offline_access once OIDC_SCOPE drops it at an IdP without it', () => {
    const findings = run(
      { ...goodMetadata, scopes_supported: ['openid', 'email'] },
      { env: { OIDC_SCOPE: 'openid email' } },
    );
    expect(byId(findings, 'offline_access')).toEqual([]);
  });

  it('without revocation: refresh tokens outlive the logout at the IdP', () => {
    expect(warningOf(run(without('revocation_endpoint')), 'revocation')).toContain(
      'refresh tokens stay valid at the IdP after logout until they expire',
    );
  });

  it('without end-session: the IdP session outlives a Cloakroom logout', () => {
    const findings = run(without('end_session_endpoint'));
    expect(warningOf(findings, 'end_session')).toContain(
      'the IdP session outlives a Cloakroom logout: the next login may not ask for a password',
    );
    // No end-session URL at all: the id_token_hint hint has nothing to apply to.
    expect(byId(findings, 'id_token_hint')).toEqual([]);
  });

  it('not about end-session when OIDC_END_SESSION_URL stands in for it (Cognito)', () => {
    const findings = run(without('end_session_endpoint'), {
      env: { OIDC_END_SESSION_URL: 'https://x.auth.example/logout?client_id={client_id}' },
    });
    expect(byId(findings, 'end_session')[0]).toMatchObject({ level: 'ok' });
  });

  it('with id_token_hint off: a hint naming Okta, gone once OIDC_LOGOUT_ID_TOKEN_HINT=true', () => {
    expect(warningOf(run(goodMetadata), 'id_token_hint')).toContain(
      'if your IdP is Okta or needs id_token_hint, its session outlives a Cloakroom logout',
    );
    const on = run(goodMetadata, { env: { OIDC_LOGOUT_ID_TOKEN_HINT: 'true' } });
    expect(byId(on, 'id_token_hint')[0]).toMatchObject({ level: 'ok' });
  });

  it('without back-channel logout: an IdP logout does not end Cloakroom sessions', () => {
    expect(warningOf(run(without('backchannel_logout_supported')), 'backchannel_logout')).toContain(
      'a logout at the IdP does not end Cloakroom sessions',
    );
  });

  it('with back-channel logout but no sid: every session of the user ends', () => {
    expect(
      warningOf(
        run({ ...goodMetadata, backchannel_logout_session_supported: false }),
        'backchannel_logout_session',
      ),
    ).toContain('ends every Cloakroom session of that user');
  });

  it('without RFC 9207 iss: mix-up defence by state only', () => {
    expect(
      warningOf(run(without('authorization_response_iss_parameter_supported')), 'iss_parameter'),
    ).toContain('mix-up defence is by state only');
  });

  it('says refresh token rotation cannot be seen and Cloakroom copes with both', () => {
    expect(byId(run(goodMetadata), 'refresh_rotation')[0]).toMatchObject({
      level: 'ok',
      text: /not visible in metadata; Cloakroom works with rotating and reusable/,
    });
  });
});
