import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { optionProblems, parseBffOptions, type BffOptions } from './options.ts';
import { createMemoryStore } from './session/memory-store.ts';

const valid: BffOptions = {
  publicUrl: 'https://app.example.com',
  issuer: 'https://id.example.com',
  clientId: 'spa-bff',
  clientSecret: 'secret',
  apiUpstream: 'http://api.internal:8080',
  backend: { store: createMemoryStore() },
  secrets: ['a-secret-of-at-least-16-chars'],
};

describe('parseBffOptions', () => {
  it('lists a non-https issuer together with every other bad option, in one TypeError', () => {
    expect(() =>
      parseBffOptions({ ...valid, issuer: 'http://id.example.com', secrets: ['short'] }),
    ).toThrow(
      new TypeError(
        'Invalid Cloakroom BFF options:\n' +
          '  secrets.0: each secret needs at least 16 characters\n' +
          '  issuer: issuer must use https (set allowInsecureIssuer only for development)',
      ),
    );
  });

  it('lists the https rule even when another option has the wrong type', () => {
    expect(() =>
      parseBffOptions({ ...valid, issuer: 'http://id.example.com', clientId: 42 as never }),
    ).toThrow(/clientId: .*\n {2}issuer: issuer must use https/);
  });

  it('refuses an allowed origin of another scheme than http(s), whose origin is null', () => {
    expect(() => parseBffOptions({ ...valid, allowedOrigins: ['file:///'] })).toThrow(
      /allowedOrigins\.0: allowedOrigins\[\] must be an http\(s\) origin/,
    );
  });

  it('names an allowed origin that is not a URL instead of throwing a bare TypeError', () => {
    expect(() =>
      parseBffOptions({ ...valid, allowedOrigins: ['https://ok.example', 'nope'] }),
    ).toThrow(
      new TypeError(
        'Invalid Cloakroom BFF options:\n  allowedOrigins.1: allowedOrigins[] must be an absolute URL',
      ),
    );
  });

  it('fills nested defaults from their own fields when the object is absent', () => {
    const parsed = parseBffOptions(valid);
    expect(parsed.session).toEqual({ absoluteTimeoutSeconds: 43200, idleTimeoutSeconds: 1800 });
    expect(parsed.upstream).toEqual({
      connectTimeoutMs: 5_000,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 60_000,
      connections: 128,
    });
    expect(parseBffOptions({ ...valid, session: { idleTimeoutSeconds: 60 } }).session).toEqual({
      absoluteTimeoutSeconds: 43200,
      idleTimeoutSeconds: 60,
    });
  });

  it('accepts an http issuer on loopback, or when allowInsecureIssuer says so', () => {
    expect(parseBffOptions({ ...valid, issuer: 'http://127.0.0.1:4000' }).allowInsecureIssuer).toBe(
      true,
    );
    expect(
      parseBffOptions({ ...valid, issuer: 'http://id.internal', allowInsecureIssuer: true })
        .allowInsecureIssuer,
    ).toBe(true);
    expect(parseBffOptions(valid).allowInsecureIssuer).toBe(false);
  });

  it('refuses a store that lacks a method the BFF calls (ping, close)', () => {
    const { ping: _ping, ...withoutPing } = createMemoryStore();
    expect(() => parseBffOptions({ ...valid, backend: { store: withoutPing as never } })).toThrow(
      /backend\.store: store must implement the SessionStore contract/,
    );
  });
});

describe('parseBffOptions: client authentication and the IdP options', () => {
  const ecKey = () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    }) as string;

  it('defaults to client_secret_basic with a secret, private_key_jwt with keys, none with neither', () => {
    expect(parseBffOptions(valid).tokenEndpointAuthMethod).toBe('client_secret_basic');
    const { clientSecret: _unused, ...noSecret } = valid;
    expect(parseBffOptions({ ...noSecret, clientKeys: [ecKey()] }).tokenEndpointAuthMethod).toBe(
      'private_key_jwt',
    );
    expect(parseBffOptions(noSecret).tokenEndpointAuthMethod).toBe('none');
  });

  it('names every inconsistent or unusable client credential at once, without echoing key material', () => {
    const { clientSecret: _unused, ...noSecret } = valid;
    const problems = optionProblems({
      ...noSecret,
      tokenEndpointAuthMethod: 'client_secret_post',
      clientKeys: [
        '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----',
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(['clientKeys.0', 'clientSecret']);
    expect(JSON.stringify(problems)).not.toContain('c2VjcmV0LWtleS1tYXRlcmlhbA');
    expect(
      optionProblems({ ...valid, tokenEndpointAuthMethod: 'private_key_jwt' }).map((p) => p.path),
    ).toEqual(['clientKeys']);
  });

  it("refuses authorization parameters the login's security rests on", () => {
    expect(
      optionProblems({ ...valid, authorizationParams: { audience: 'api', state: 'fixed' } }),
    ).toEqual([
      {
        path: 'authorizationParams',
        message: expect.stringContaining('may not set client_id, redirect_uri') as string,
      },
    ]);
    expect(optionProblems({ ...valid, authorizationParams: { audience: 'api' } })).toEqual([]);
  });

  it('takes an end-session template with known placeholders only, and a bounded clock tolerance', () => {
    const problems = optionProblems({
      ...valid,
      endSessionUrl: 'https://auth.example/logout?u={user}',
      clockToleranceSeconds: 3600,
    });
    expect(problems.map((p) => p.path).toSorted()).toEqual([
      'clockToleranceSeconds',
      'endSessionUrl',
    ]);
  });
});

describe('routes', () => {
  const route = (extra: Record<string, unknown>) => ({
    path: '/api/x',
    upstream: 'http://x.internal',
    ...extra,
  });
  const problemsOf = (routes: unknown[], extra: Partial<BffOptions> = {}) =>
    optionProblems({ ...valid, ...extra, routes }).map((p) => `${p.path}: ${p.message}`);

  it('defaults a route to the user token, every method, no websocket and a 100 MiB body limit', () => {
    const [parsed] = parseBffOptions({ ...valid, routes: [route({})] }).routes;
    expect(parsed).toMatchObject({
      token: 'user',
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      websocket: false,
      bodyLimit: 100 * 1024 * 1024,
    });
  });

  it.each([
    [{ path: '/api/x/' }, 'routes.0.path'],
    [{ path: '/api/../admin' }, 'routes.0.path'],
    [{ path: '/api/%61' }, 'routes.0.path'],
    [{ path: '/api/a;b' }, 'routes.0.path'],
    [{ path: '/apix' }, 'routes.0.path'],
    [{ upstream: 'http://x.internal/?q=1' }, 'routes.0.upstream'],
    [{ upstream: 'http://user:pw@x.internal/' }, 'routes.0.upstream'],
    [{ upstream: 'file:///etc' }, 'routes.0.upstream'],
    [{ token: 'bearer' }, 'routes.0.token'],
    [{ resource: 'billing' }, 'routes.0.resource'],
    [{ resource: 'https://x/#frag' }, 'routes.0.resource'],
    [{ scope: 'a  b' }, 'routes.0.scope'],
    [{ scope: 'a"b' }, 'routes.0.scope'],
    [{ methods: [] }, 'routes.0.methods'],
    [{ methods: ['CONNECT'] }, 'routes.0.methods.0'],
    [{ token: 'none', scope: 'x' }, 'routes.0.token'],
    [{ timeouts: { connectTimeoutMs: 0 } }, 'routes.0.timeouts.connectTimeoutMs'],
    [{ tokne: 'user' }, 'routes.0'],
  ])('refuses %j, naming %s', (extra, path) => {
    expect(problemsOf([route(extra)]).map((p) => p.split(':')[0])).toContain(path);
  });

  it('refuses a client route for a public client: it has nothing to authenticate with', () => {
    expect(
      problemsOf([route({ token: 'client' })], {
        clientSecret: undefined,
        tokenEndpointAuthMethod: 'none',
      }),
    ).toEqual([
      'routes: routes with token "client" need a confidential client (a clientSecret or clientKeys)',
    ]);
  });
});

describe('the fapi2 profile', () => {
  const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
  const fapi2: BffOptions = {
    ...valid,
    profile: 'fapi2',
    clientSecret: undefined,
    clientKeys: [String(key)],
  };

  it('turns on PAR and DPoP, and implies private_key_jwt with a key', () => {
    expect(parseBffOptions(fapi2)).toMatchObject({
      pushedAuthorizationRequests: true,
      dpop: true,
      tokenEndpointAuthMethod: 'private_key_jwt',
    });
  });

  it('refuses, all at once, every setting that would weaken it', () => {
    const problems = optionProblems({
      ...fapi2,
      pushedAuthorizationRequests: false,
      dpop: false,
      logoutIdTokenHint: true,
    }).map((p) => p.path);
    expect(problems).toEqual(['pushedAuthorizationRequests', 'dpop', 'logoutIdTokenHint']);
  });

  it('refuses a client secret in place of private_key_jwt', () => {
    expect(
      optionProblems({ ...fapi2, clientKeys: [], clientSecret: 's3cret' }).map((p) => p.path),
    ).toEqual(['tokenEndpointAuthMethod']);
  });
});
