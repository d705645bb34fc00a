import { checkSessionStore, optionProblems, type BffOptions } from '@cloakroom/bff';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readTracingEnv, type TracingConfig } from './tracing-config.ts';

/** The development-only secret: fine on a laptop, refused in production. */
export const devSessionSecret = 'cloakroom-dev-only-secret-do-not-use-in-production';

/**
 * The server's own defaults: the dev IdP, its client and the sample API, so `npm start` runs
 * with no environment at all. Every other default is the library's, written once in its options.
 */
const devDefaults = {
  OIDC_ISSUER: 'http://127.0.0.1:4000',
  OIDC_CLIENT_ID: 'cloakroom-bff',
  OIDC_CLIENT_SECRET: 'cloakroom-dev-secret',
  SESSION_SECRET: devSessionSecret,
  API_UPSTREAM: 'http://127.0.0.1:4001',
} as const;

type Env = Record<string, string | undefined>;
/** The options a variable can set, so a misspelt path fails the typecheck. */
type OptionPath =
  | keyof BffOptions
  | `session.${keyof NonNullable<BffOptions['session']>}`
  | `live.${keyof NonNullable<BffOptions['live']>}`;
type EnvOption = { option: OptionPath; read: (value: string) => unknown };

const text = (value: string) => value;
/** A number; an empty value is refused like any other non-number, never read as 0. */
const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));
/** `true`/`false`; anything else is passed on for the library to refuse by name. */
const boolean = (value: string) => (value === 'true' ? true : value === 'false' ? false : value);
/** A query string (`audience=https%3A%2F%2Fapi.example&prompt=consent`) as a record. */
const queryString = (value: string) =>
  Object.fromEntries(new URLSearchParams(value.replace(/^\?/, '')));
/** Comma-separated key files, newest first; each may hold a PEM, a JWK or a JWKS. */
const keyFiles = (value: string) =>
  commaList(value).map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      // The code (ENOENT, EACCES) says why; the file's contents never reach a message.
      throw new Error(`cannot read ${file} (${(error as { code?: string }).code ?? 'error'})`, {
        cause: error,
      });
    }
  });
/** The route table file: a JSON array of the contract's route objects, checked by the library. */
const routesFile = (file: string) => {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as { code?: string }).code ?? 'error'})`, {
      cause: error,
    });
  }
  let routes: unknown;
  try {
    routes = JSON.parse(json);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(routes)) throw new Error(`${file} must hold a JSON array of routes`);
  return routes;
};
/** As the server always read it: the origin of the URL given, a path dropped. */
const originOf = (value: string) => (URL.canParse(value) ? new URL(value).origin : value);

/**
 * Each variable that sets a library option, the option's dotted path, and how its text becomes
 * the option's type. The library validates the result; its problems are reported by variable.
 */
const envOptions: Record<string, EnvOption> = {
  PUBLIC_URL: { option: 'publicUrl', read: originOf },
  OIDC_ISSUER: { option: 'issuer', read: text },
  OIDC_CLIENT_ID: { option: 'clientId', read: text },
  OIDC_CLIENT_SECRET: { option: 'clientSecret', read: text },
  SESSION_SECRET: { option: 'secrets', read: commaList },
  API_UPSTREAM: { option: 'apiUpstream', read: text },
  BFF_ROUTES: { option: 'routes', read: routesFile },
  OIDC_SCOPE: { option: 'scope', read: text },
  OIDC_AUTHORIZATION_PARAMS: { option: 'authorizationParams', read: queryString },
  OIDC_CLIENT_AUTH: { option: 'tokenEndpointAuthMethod', read: text },
  OIDC_CLIENT_KEY_FILE: { option: 'clientKeys', read: keyFiles },
  OIDC_PAR: { option: 'pushedAuthorizationRequests', read: boolean },
  OIDC_DPOP: { option: 'dpop', read: boolean },
  OIDC_PROFILE: { option: 'profile', read: text },
  OIDC_LOGOUT_ID_TOKEN_HINT: { option: 'logoutIdTokenHint', read: boolean },
  OIDC_USERINFO: { option: 'userinfo', read: boolean },
  OIDC_CLOCK_TOLERANCE: { option: 'clockToleranceSeconds', read: number },
  OIDC_END_SESSION_URL: { option: 'endSessionUrl', read: text },
  SESSION_IDLE_TIMEOUT_SECONDS: { option: 'session.idleTimeoutSeconds', read: number },
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: { option: 'session.absoluteTimeoutSeconds', read: number },
  REFRESH_SKEW_SECONDS: { option: 'refreshSkewSeconds', read: number },
  LOGIN_RATE_LIMIT_PER_MINUTE: { option: 'loginRateLimitPerMinute', read: number },
  ALLOWED_ORIGINS: { option: 'allowedOrigins', read: commaList },
  LIVE_MAX_PER_SESSION: { option: 'live.maxPerSession', read: number },
  LIVE_MAX_PER_INSTANCE: { option: 'live.maxPerInstance', read: number },
  LIVE_STREAM_IDLE_TIMEOUT_MS: { option: 'live.streamIdleTimeoutMs', read: number },
};

/** The variables only the server reads (the library never sees them). */
const ServerEnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SESSION_STORE: z
    .string()
    .min(1)
    .default('sqlite:.data/sessions.db')
    .superRefine((value, ctx) => {
      try {
        checkSessionStore(value);
      } catch (error) {
        // The issue is reported under the variable's name already.
        const message = (error as Error).message.replace(/^SESSION_STORE:? /, '');
        ctx.addIssue({ code: 'custom', message });
      }
    }),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /**
   * With TRUST_PROXY: how many proxies in front append to X-Forwarded-For. The client is the
   * address that many entries from the right (1: the one the nearest proxy appended), never one
   * a client wrote further left.
   */
  TRUST_PROXY_HOPS: z
    .string()
    .default('1')
    .refine((value) => /^[1-9]\d{0,2}$/.test(value.trim()), 'a whole number of proxies, 1 or more')
    .transform((value) => Number(value)),
  /** When set, `/metrics` is served on 127.0.0.1 at this port only (see `metricsPort`). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The built SPA's directory (default: this workspace's apps/spa/dist). */
  SPA_DIR: z.string().optional(),
});

export interface ServerConfig {
  nodeEnv: string;
  port: number;
  host: string;
  /** A `SESSION_STORE` value, opened by `openSessionBackend`. */
  sessionStore: string;
  trustProxy: boolean;
  /** With `trustProxy`: proxies that append to X-Forwarded-For (Koa's `maxIpsCount`). */
  trustProxyHops: number;
  logLevel: string;
  /** `METRICS_PORT`: `/metrics` on 127.0.0.1 at this port, and not on the public one. */
  metricsPort: number | undefined;
  spaDir: string | undefined;
  /** The standard `OTEL_*` variables: set when traces are exported (see `readTracingEnv`). */
  tracing: TracingConfig | undefined;
  /** The library's options as the environment sets them; what it leaves out takes their defaults. */
  bffOptions: Omit<BffOptions, 'backend'>;
}

/**
 * @example
 * const config = loadConfig(process.env); // throws ConfigError listing every bad variable
 */
export function loadConfig(env: Env): ServerConfig {
  const server = ServerEnvSchema.safeParse(env);
  // PUBLIC_URL defaults to PORT's origin; a bad PORT is reported below, so no port stands in.
  const publicUrl = `http://localhost${server.success ? `:${server.data.PORT}` : ''}`;
  const given = { ...devDefaults, PUBLIC_URL: publicUrl, ...definedIn(env) };
  const unreadable: string[] = [];
  const traced = readTracingEnv(env);
  const bffOptions = toOptions(given, unreadable) as ServerConfig['bffOptions'];
  const problems = [
    ...unreadable,
    ...traced.problems,
    ...(server.success
      ? []
      : server.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    // The backend is opened from SESSION_STORE later, and the logger made by the server.
    ...optionProblems({ ...bffOptions, backend: undefined })
      .filter(({ path }) => !path.startsWith('backend'))
      .map(({ path, message }) => `${variableFor(path)}${routeDetail(path)}: ${message}`),
    ...(env.API_UPSTREAM !== undefined && env.BFF_ROUTES !== undefined
      ? ['API_UPSTREAM: set API_UPSTREAM or BFF_ROUTES, not both (BFF_ROUTES replaces it)']
      : []),
    ...(isProduction(env) ? productionProblems(env) : []),
  ];
  if (!server.success || problems.length > 0) throw new ConfigError(problems);
  const e = server.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    sessionStore: e.SESSION_STORE,
    trustProxy: e.TRUST_PROXY === 'true',
    trustProxyHops: e.TRUST_PROXY_HOPS,
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
    spaDir: e.SPA_DIR,
    tracing: traced.tracing,
    bffOptions,
  };
}

/**
 * The library's variables that are set. An empty value is set, as it always was: it is checked
 * (`OIDC_CLIENT_ID=` is refused), not replaced by a default.
 */
function definedIn(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.keys(envOptions).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  );
}

/**
 * Builds the nested options object from the variables, by each one's dotted option path. A
 * variable that cannot be read (a key file that is not there) is added to `problems`.
 */
function toOptions(variables: Record<string, string>, problems: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    const { option, read } = envOptions[name]!;
    const keys = option.split('.');
    const last = keys.pop()!;
    let target = options;
    for (const key of keys) target = (target[key] ??= {}) as Record<string, unknown>;
    try {
      target[last] = read(value);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return options;
}

/** The variable behind an option path (`allowedOrigins.1` → `ALLOWED_ORIGINS`). */
function variableFor(path: string): string {
  const match = Object.entries(envOptions).find(
    ([, { option }]) => path === option || path.startsWith(`${option}.`),
  );
  return match ? match[0] : path;
}

/** Which route of `BFF_ROUTES` a problem is in (`routes.1.token` → ` (route 2: token)`). */
function routeDetail(path: string): string {
  const match = /^routes\.(\d+)(?:\.(.+))?$/.exec(path);
  if (!match) return '';
  return ` (route ${Number(match[1]) + 1}${match[2] ? `: ${match[2]}` : ''})`;
}

/**
 * What production refuses although the library would accept it: the development secret, a
 * secret shorter than 32 characters, no client secret of its own, a public URL without https.
 * `NODE_ENV` is compared case-insensitively, as the Node ecosystem does in practice.
 */
function productionProblems(env: Env): string[] {
  const problems: string[] = [];
  const secrets = commaList(env.SESSION_SECRET ?? '');
  if (secrets.length === 0 || secrets.includes(devSessionSecret)) {
    problems.push(
      'SESSION_SECRET: set SESSION_SECRET to a random value of 32+ characters (e.g. `openssl rand -base64 32`); the development secret is refused in production',
    );
  } else if (secrets.some((secret) => secret.length < 32)) {
    problems.push('SESSION_SECRET: each secret needs at least 32 characters in production');
  }
  // The library's rule: the method given, else private_key_jwt with a key file, else a secret.
  const usesSecret = env.OIDC_CLIENT_AUTH
    ? env.OIDC_CLIENT_AUTH.startsWith('client_secret')
    : !env.OIDC_CLIENT_KEY_FILE;
  if (
    usesSecret &&
    (!env.OIDC_CLIENT_SECRET || env.OIDC_CLIENT_SECRET === devDefaults.OIDC_CLIENT_SECRET)
  ) {
    problems.push(
      'OIDC_CLIENT_SECRET: set the client secret registered at your IdP (or OIDC_CLIENT_AUTH=private_key_jwt with OIDC_CLIENT_KEY_FILE); the development default is refused in production',
    );
  }
  if (!env.OIDC_ISSUER) {
    problems.push("OIDC_ISSUER: set your IdP's issuer; the dev IdP is refused in production");
  }
  problems.push(...upstreamProblems(env));
  const publicUrl = URL.canParse(env.PUBLIC_URL ?? '') ? new URL(env.PUBLIC_URL!) : undefined;
  if (!publicUrl || (publicUrl.protocol !== 'https:' && publicUrl.hostname !== 'localhost')) {
    problems.push(
      'PUBLIC_URL: set PUBLIC_URL to the https:// origin users open; __Host- cookies need https outside localhost',
    );
  }
  problems.push(...plainHttpOriginProblems(env));
  return problems;
}

/**
 * Whether the production checks apply: `NODE_ENV` compared case-insensitively and trimmed, so
 * `Production` or a stray space never turns them off.
 */
function isProduction(env: Env): boolean {
  return env.NODE_ENV?.trim().toLowerCase() === 'production';
}

/** Production names its upstreams: `API_UPSTREAM`, or a route table (`BFF_ROUTES`). */
function upstreamProblems(env: Env): string[] {
  if (env.API_UPSTREAM || env.BFF_ROUTES) return [];
  return [
    'API_UPSTREAM: set the API behind /api (or a route table in BFF_ROUTES); the sample API is refused in production',
  ];
}

/**
 * In production every allowed origin is https: a page served over plain http can be changed by
 * anyone on its network, and would be trusted to call `/api` with the user's session. (Schemes
 * other than http(s), whose origin is `null`, are the library's refusal, in every environment.)
 */
function plainHttpOriginProblems(env: Env): string[] {
  const plain = commaList(env.ALLOWED_ORIGINS ?? '').filter((entry) =>
    entry.toLowerCase().startsWith('http://'),
  );
  if (plain.length === 0) return [];
  return [`ALLOWED_ORIGINS: only https origins are allowed in production (${plain.join(', ')})`];
}

/** Start-up refused because of the environment; `problems` names each variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * A comma-separated variable as the server uses it: trimmed, empty entries dropped. The
 * production checks read it the same way, so ` , dev-secret` cannot slip past them.
 */
function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
