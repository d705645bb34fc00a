import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, parseBffOptions } from '@cloakroom/bff';
import { describe, expect, it } from 'vitest';
import { ConfigError, devSessionSecret, loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
};

describe('loadConfig', () => {
  it('runs with embedded development defaults and no environment at all', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      sessionStore: 'sqlite:.data/sessions.db',
      bffOptions: {
        publicUrl: 'http://localhost:3000',
        issuer: 'http://127.0.0.1:4000',
        clientId: 'cloakroom-bff',
        apiUpstream: 'http://127.0.0.1:4001',
        secrets: [devSessionSecret],
      },
    });
  });

  it('derives PUBLIC_URL from PORT when only PORT is set', () => {
    expect(loadConfig({ PORT: '3101' }).bffOptions.publicUrl).toBe('http://localhost:3101');
  });

  it('uses the origin of PUBLIC_URL, dropping a path', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://app.example.com/app/' }).bffOptions.publicUrl).toBe(
      'https://app.example.com',
    );
  });

  it('checks an empty variable instead of treating it as unset', () => {
    expect(
      problemsOf({ OIDC_CLIENT_ID: '', SESSION_IDLE_TIMEOUT_SECONDS: '', OIDC_CLOCK_TOLERANCE: '' })
        .map((problem) => problem.split(':')[0])
        .toSorted(),
    ).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLOCK_TOLERANCE', 'SESSION_IDLE_TIMEOUT_SECONDS']);
  });

  it('reads the session, refresh, rate-limit and origin knobs', () => {
    expect(
      loadConfig({
        SESSION_IDLE_TIMEOUT_SECONDS: '60',
        SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600',
        REFRESH_SKEW_SECONDS: '0',
        LOGIN_RATE_LIMIT_PER_MINUTE: '0',
        ALLOWED_ORIGINS: 'http://localhost:5173, https://a.example',
      }),
    ).toMatchObject({
      bffOptions: {
        session: { idleTimeoutSeconds: 60, absoluteTimeoutSeconds: 3600 },
        refreshSkewSeconds: 0,
        loginRateLimitPerMinute: 0,
        allowedOrigins: ['http://localhost:5173', 'https://a.example'],
      },
    });
  });

  it('reads the live-connection caps and the event-stream quiet limit, and names a bad one', () => {
    expect(
      loadConfig({
        LIVE_MAX_PER_SESSION: '4',
        LIVE_MAX_PER_INSTANCE: '2000',
        LIVE_STREAM_IDLE_TIMEOUT_MS: '0',
      }).bffOptions,
    ).toMatchObject({ live: { maxPerSession: 4, maxPerInstance: 2000, streamIdleTimeoutMs: 0 } });
    expect(
      problemsOf({ LIVE_MAX_PER_SESSION: '0', LIVE_STREAM_IDLE_TIMEOUT_MS: 'soon' })
        .map((problem) => problem.split(':')[0])
        .toSorted(),
    ).toEqual(['LIVE_MAX_PER_SESSION', 'LIVE_STREAM_IDLE_TIMEOUT_MS']);
  });

  it("leaves unset variables to the library's defaults", () => {
    const { bffOptions } = loadConfig({});
    expect(bffOptions).not.toHaveProperty('session');
    expect(bffOptions).not.toHaveProperty('refreshSkewSeconds');
    const resolved = parseBffOptions({ ...bffOptions, backend: { store: createMemoryStore() } });
    expect(resolved.session).toEqual({ idleTimeoutSeconds: 1800, absoluteTimeoutSeconds: 43200 });
    expect(resolved.refreshSkewSeconds).toBe(30);
    expect(resolved.loginRateLimitPerMinute).toBe(300);
  });

  it("names the variable, not the library's option, when the library refuses a value", () => {
    const problems = problemsOf({
      SESSION_IDLE_TIMEOUT_SECONDS: '-5',
      ALLOWED_ORIGINS: 'https://ok.example, not-an-origin',
      REFRESH_SKEW_SECONDS: 'soon',
    });
    expect(problems.map((problem) => problem.split(':')[0]).toSorted()).toEqual([
      'ALLOWED_ORIGINS',
      'REFRESH_SKEW_SECONDS',
      'SESSION_IDLE_TIMEOUT_SECONDS',
    ]);
  });

  it('applies the production checks whatever the case of NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'Production' }).join('\n')).toMatch(/SESSION_SECRET/);
  });

  it('splits SESSION_SECRET into rotation secrets, newest first', () => {
    expect(
      loadConfig({ SESSION_SECRET: 'new-secret-0123456789, old-secret-0123456789' }).bffOptions
        .secrets,
    ).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
  });

  it('accepts the Redis Cluster and Sentinel forms of SESSION_STORE', () => {
    for (const value of [
      'redis://127.0.0.1:6379',
      'redis-cluster://10.0.0.1:7000,10.0.0.2:7000,[::1]:7000',
      'redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/cloakroom',
    ]) {
      expect(loadConfig({ SESSION_STORE: value }).sessionStore).toBe(value);
    }
  });

  it('refuses a malformed SESSION_STORE at start-up, saying what is wrong without the password', () => {
    const cases: Array<[string, RegExp]> = [
      ['redis-cluster://', /host:port/],
      ['redis-cluster://10.0.0.1', /host:port \(got "10.0.0.1"\)/],
      ['redis-cluster://10.0.0.1:7000,10.0.0.2:99999', /host:port/],
      ['redis-cluster://10.0.0.1:7000/3', /takes no path/],
      ['redis-sentinel://10.0.0.1:26379', /master name/],
      ['redis-sentinel://10.0.0.1:26379/', /master name/],
      ['mongodb://user:hunter2@db:27017', /must be memory, sqlite:<file>, redis:\/\/host:port/],
      ['sqlite:', /needs a file/],
    ];
    for (const [value, expected] of cases) {
      const problems = problemsOf({ SESSION_STORE: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^SESSION_STORE: /);
      expect(problems[0]).toMatch(expected);
      expect(problems[0]).not.toMatch(/hunter2/);
    }
  });

  it('reports every bad variable at once, by name', () => {
    const problems = problemsOf({ PORT: 'eighty', OIDC_ISSUER: 'not a url', API_UPSTREAM: '::' });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/OIDC_ISSUER/);
    expect(problems.join('\n')).toMatch(/API_UPSTREAM/);
  });

  it('refuses the development secret, a missing client secret and a plain-http public URL in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://app.example.com',
    }).join('\n');
    expect(problems).toMatch(/SESSION_SECRET/);
    expect(problems).toMatch(/OIDC_CLIENT_SECRET/);
    expect(problems).toMatch(/PUBLIC_URL/);
  });

  it('refuses the development secret in production however the list around it is spaced', () => {
    for (const SESSION_SECRET of [
      `${'x'.repeat(40)}, cloakroom-dev-only-secret-do-not-use-in-production`,
      ' cloakroom-dev-only-secret-do-not-use-in-production ',
      ' , ',
    ]) {
      const problems = problemsOf({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://app.example.com',
        OIDC_CLIENT_SECRET: 'client-secret',
        SESSION_SECRET,
      }).join('\n');
      expect(problems).toMatch(/SESSION_SECRET/);
    }
  });

  it('accepts a complete production configuration', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://app.example.com',
        SESSION_SECRET: 'x'.repeat(40),
        OIDC_CLIENT_SECRET: 'client-secret',
        OIDC_ISSUER: 'https://id.example.com',
        API_UPSTREAM: 'http://api.internal:8080',
      }).bffOptions.publicUrl,
    ).toBe('https://app.example.com');
  });

  it('refuses the dev IdP and the sample API in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://app.example.com',
      SESSION_SECRET: 'x'.repeat(40),
      OIDC_CLIENT_SECRET: 'client-secret',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['OIDC_ISSUER', 'API_UPSTREAM']);
  });
});

describe('loadConfig: what production and every environment refuse', () => {
  const production = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://app.example.com',
    SESSION_SECRET: 'x'.repeat(40),
    OIDC_CLIENT_SECRET: 'client-secret',
    OIDC_ISSUER: 'https://id.example.com',
    API_UPSTREAM: 'http://api.internal:8080',
  };
  /** The variables named, each once (one variable may have several problems). */
  const variables = (env: Record<string, string>) => [
    ...new Set(problemsOf(env).map((problem) => problem.split(':')[0])),
  ];

  it.each(['Production', 'PRODUCTION', ' production '])(
    'treats NODE_ENV=%j as production',
    (NODE_ENV) => {
      expect(variables({ ...production, NODE_ENV, SESSION_SECRET: devSessionSecret })).toEqual([
        'SESSION_SECRET',
      ]);
    },
  );

  it('refuses the development client secret in production', () => {
    expect(variables({ ...production, OIDC_CLIENT_SECRET: 'cloakroom-dev-secret' })).toEqual([
      'OIDC_CLIENT_SECRET',
    ]);
  });

  it('counts BFF_ROUTES as naming the upstreams in production', () => {
    const { API_UPSTREAM: _unset, ...withoutUpstream } = production;
    expect(variables(withoutUpstream)).toEqual(['API_UPSTREAM']);
    const routes = join(mkdtempSync(join(tmpdir(), 'cloakroom-prod-routes-')), 'routes.json');
    writeFileSync(routes, JSON.stringify([{ path: '/api', upstream: 'https://api.internal' }]));
    expect(variables({ ...withoutUpstream, BFF_ROUTES: routes })).toEqual([]);
  });

  it('refuses plain-http ALLOWED_ORIGINS in production', () => {
    const problems = problemsOf({
      ...production,
      ALLOWED_ORIGINS: 'https://admin.example.com, http://localhost:5173',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ALLOWED_ORIGINS: .*http:\/\/localhost:5173/);
  });

  it.each(['file:///', 'data:text/html', 'ftp://files.example', 'javascript:alert(1)'])(
    'refuses the non-http(s) ALLOWED_ORIGINS entry %s in every environment (its origin is null)',
    (entry) => {
      expect(variables({ ALLOWED_ORIGINS: `https://a.example,${entry}` })).toEqual([
        'ALLOWED_ORIGINS',
      ]);
      expect(variables({ ...production, ALLOWED_ORIGINS: entry })).toEqual(['ALLOWED_ORIGINS']);
    },
  );

  it('names every production problem at once', () => {
    expect(
      variables({
        NODE_ENV: 'Production',
        PUBLIC_URL: 'http://app.example.com',
        OIDC_CLIENT_SECRET: 'cloakroom-dev-secret',
        ALLOWED_ORIGINS: 'http://a.example',
      }).toSorted(),
    ).toEqual([
      'ALLOWED_ORIGINS',
      'API_UPSTREAM',
      'OIDC_CLIENT_SECRET',
      'OIDC_ISSUER',
      'PUBLIC_URL',
      'SESSION_SECRET',
    ]);
  });
});

describe('loadConfig: TRUST_PROXY_HOPS', () => {
  it('counts one trusted hop by default (the address the nearest proxy appended)', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' })).toMatchObject({
      trustProxy: true,
      trustProxyHops: 1,
    });
  });

  it('reads a number of trusted hops and refuses anything but a positive integer', () => {
    expect(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    for (const TRUST_PROXY_HOPS of ['0', '-1', '1.5', 'two', '']) {
      expect(problemsOf({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS }).join('\n')).toMatch(
        /^TRUST_PROXY_HOPS/,
      );
    }
  });
});

describe('loadConfig: METRICS_PORT', () => {
  it('reads METRICS_PORT, unset by default, and refuses a value that is not a port', () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    for (const METRICS_PORT of ['0', '70000', 'nine', '']) {
      expect(problemsOf({ METRICS_PORT }).join('\n')).toMatch(/^METRICS_PORT/);
    }
  });
});

describe('loadConfig: the IdP settings', () => {
  const keyFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloakroom-key-'));
    const file = join(dir, 'bff-key.pem');
    writeFileSync(
      file,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      }),
    );
    return file;
  };

  it('reads each OIDC_* variable into its option', () => {
    const file = keyFile();
    const { bffOptions } = loadConfig({
      OIDC_SCOPE: 'openid email',
      OIDC_AUTHORIZATION_PARAMS: 'audience=https%3A%2F%2Fapi.example&prompt=consent',
      OIDC_CLIENT_AUTH: 'private_key_jwt',
      OIDC_CLIENT_KEY_FILE: file,
      OIDC_PAR: 'true',
      OIDC_LOGOUT_ID_TOKEN_HINT: 'true',
      OIDC_USERINFO: 'true',
      OIDC_CLOCK_TOLERANCE: '10',
      OIDC_END_SESSION_URL: 'https://auth.example/logout?client_id={client_id}',
    });
    expect(bffOptions).toMatchObject({
      scope: 'openid email',
      authorizationParams: { audience: 'https://api.example', prompt: 'consent' },
      tokenEndpointAuthMethod: 'private_key_jwt',
      clientKeys: [expect.stringContaining('BEGIN PRIVATE KEY') as string],
      pushedAuthorizationRequests: true,
      logoutIdTokenHint: true,
      userinfo: true,
      clockToleranceSeconds: 10,
      endSessionUrl: 'https://auth.example/logout?client_id={client_id}',
    });
  });

  it('names each bad IdP setting by its variable, and a key file that is not there by its path', () => {
    const problems = problemsOf({
      OIDC_CLIENT_AUTH: 'client_secret_jwt',
      OIDC_PAR: 'yes',
      OIDC_CLOCK_TOLERANCE: '-1',
      OIDC_CLIENT_KEY_FILE: '/nonexistent/bff-key.pem',
      OIDC_AUTHORIZATION_PARAMS: 'nonce=fixed',
    });
    expect(problems.map((p) => p.split(':')[0]).toSorted()).toEqual([
      'OIDC_AUTHORIZATION_PARAMS',
      'OIDC_CLIENT_AUTH',
      'OIDC_CLIENT_KEY_FILE',
      'OIDC_CLOCK_TOLERANCE',
      'OIDC_PAR',
    ]);
    expect(problems.join('\n')).toContain('cannot read /nonexistent/bff-key.pem (ENOENT)');
  });

  it('does not ask for a client secret in production when the client signs with its key', () => {
    const keyOnly = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://app.example.com',
      SESSION_SECRET: 'x'.repeat(40),
      OIDC_ISSUER: 'https://id.example.com',
      API_UPSTREAM: 'http://api.internal:8080',
      OIDC_CLIENT_KEY_FILE: keyFile(),
    };
    expect(problemsOf({ ...keyOnly, OIDC_CLIENT_AUTH: 'private_key_jwt' })).toEqual([]);
    // A key file alone implies private_key_jwt, in production as in the library.
    expect(problemsOf(keyOnly)).toEqual([]);
  });
});

describe('BFF_ROUTES', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-routes-'));
  const routesFile = (routes: unknown, name = 'routes.json') => {
    const file = join(dir, name);
    writeFileSync(file, typeof routes === 'string' ? routes : JSON.stringify(routes));
    return file;
  };

  it('reads the route table from the JSON file it names, with each route’s defaults', () => {
    const file = routesFile([
      { path: '/api', upstream: 'http://127.0.0.1:4001', token: 'user' },
      {
        path: '/api/billing',
        upstream: 'http://127.0.0.1:4003',
        resource: 'urn:cloakroom:billing',
        scope: 'billing',
      },
      { path: '/api/status', upstream: 'http://127.0.0.1:4006', token: 'none', methods: ['GET'] },
    ]);
    const config = loadConfig({ BFF_ROUTES: file });
    const options = parseBffOptions({
      ...config.bffOptions,
      backend: { store: createMemoryStore() },
    });
    expect(options.routes.map(({ path, token, methods }) => ({ path, token, methods }))).toEqual([
      { path: '/api', token: 'user', methods: expect.arrayContaining(['GET', 'POST', 'DELETE']) },
      { path: '/api/billing', token: 'user', methods: expect.arrayContaining(['GET', 'POST']) },
      { path: '/api/status', token: 'none', methods: ['GET'] },
    ]);
  });

  it('names every bad route and field at once, by its place in the file', () => {
    const file = routesFile([
      { path: '/api', upstream: 'http://127.0.0.1:4001', tokne: 'user' },
      { path: 'api/x', upstream: 'ftp://x', token: 'bearer' },
      { path: '/api/none', upstream: 'http://127.0.0.1:1', token: 'none', resource: 'urn:x' },
    ]);
    const problems = problemsOf({ BFF_ROUTES: file });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BFF_ROUTES \(route 1\): .*tokne/),
        expect.stringMatching(/^BFF_ROUTES \(route 2: path\): path must be \/api/),
        expect.stringMatching(
          /^BFF_ROUTES \(route 2: upstream\): upstream must be an http\(s\) URL/,
        ),
        expect.stringMatching(/^BFF_ROUTES \(route 2: token\): /),
        expect.stringMatching(
          /^BFF_ROUTES \(route 3: token\): a route with token "none" takes no resource/,
        ),
      ]),
    );
  });

  it('refuses two routes with one path, compared case-insensitively as requests are matched', () => {
    const file = routesFile(
      [
        { path: '/api/billing', upstream: 'http://127.0.0.1:4003' },
        { path: '/api/Billing', upstream: 'http://127.0.0.1:4004' },
      ],
      'twice.json',
    );
    expect(problemsOf({ BFF_ROUTES: file })).toEqual([
      'BFF_ROUTES: each route path may appear only once (compared case-insensitively)',
    ]);
  });

  it.each([
    ['a missing file', () => join(dir, 'absent.json'), /cannot read .*absent\.json \(ENOENT\)/],
    ['invalid JSON', () => routesFile('[{ "path": ', 'broken.json'), /is not valid JSON/],
    ['a JSON object', () => routesFile({ path: '/api' }, 'object.json'), /must hold a JSON array/],
    ['an empty array', () => routesFile([], 'empty.json'), /needs at least one route/],
  ])('refuses %s, naming BFF_ROUTES', (_what, file, message) => {
    const problems = problemsOf({ BFF_ROUTES: file() });
    expect(problems.some((p) => p.startsWith('BFF_ROUTES') && message.test(p))).toBe(true);
  });

  it('refuses API_UPSTREAM and BFF_ROUTES together: which one would win is not obvious', () => {
    const file = routesFile([{ path: '/api', upstream: 'http://127.0.0.1:4001' }], 'one.json');
    expect(problemsOf({ BFF_ROUTES: file, API_UPSTREAM: 'http://127.0.0.1:4001' })).toEqual([
      'API_UPSTREAM: set API_UPSTREAM or BFF_ROUTES, not both (BFF_ROUTES replaces it)',
    ]);
  });
});
