import { z } from 'zod';

/** The development-only secret: fine on a laptop, refused in production. */
export const devSessionSecret = 'cloakroom-dev-only-secret-do-not-use-in-production';

const port = z.coerce.number().int().min(1).max(65535);
const url = (name: string) => z.string().url(`${name} must be an absolute URL`);

/**
 * The BFF server's environment, parsed once at start-up. Every bad variable is reported
 * together, by name, with what would fix it.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    PORT: port.default(3000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: url('PUBLIC_URL').optional(),
    OIDC_ISSUER: url('OIDC_ISSUER').default('http://127.0.0.1:4000'),
    OIDC_CLIENT_ID: z.string().min(1).default('cloakroom-bff'),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    SESSION_STORE: z.string().min(1).default('sqlite:.data/sessions.db'),
    SESSION_SECRET: z.string().min(1).optional(),
    API_UPSTREAM: url('API_UPSTREAM').default('http://127.0.0.1:4001'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    SESSION_IDLE_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(30 * 60),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 60 * 60),
    REFRESH_SKEW_SECONDS: z.coerce.number().int().nonnegative().default(30),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().nonnegative().default(300),
    ALLOWED_ORIGINS: z.string().default(''),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    SPA_DIST: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const secrets = commaList(env.SESSION_SECRET ?? '');
    if (secrets.length === 0 || secrets.includes(devSessionSecret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message:
          'set SESSION_SECRET to a random value of 32+ characters (e.g. `openssl rand -base64 32`); the development secret is refused in production',
      });
    } else if (secrets.some((secret) => secret.length < 32)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'each secret needs at least 32 characters in production',
      });
    }
    if (!env.OIDC_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_SECRET'],
        message:
          'set the client secret registered at your IdP; the development default is refused in production',
      });
    }
    const publicUrl = env.PUBLIC_URL ? new URL(env.PUBLIC_URL) : undefined;
    if (!publicUrl || (publicUrl.protocol !== 'https:' && publicUrl.hostname !== 'localhost')) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'set PUBLIC_URL to the https:// origin users open; __Host- cookies need https outside localhost',
      });
    }
  });

export interface ServerConfig {
  nodeEnv: string;
  port: number;
  host: string;
  publicUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  sessionStore: string;
  secrets: string[];
  apiUpstream: string;
  trustProxy: boolean;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  refreshSkewSeconds: number;
  loginRateLimitPerMinute: number;
  allowedOrigins: string[];
  logLevel: string;
  spaDist: string | undefined;
}

/**
 * @example
 * const config = loadConfig(process.env); // throws ConfigError listing every bad variable
 */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin,
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET ?? 'cloakroom-dev-secret',
    sessionStore: e.SESSION_STORE,
    secrets: commaList(e.SESSION_SECRET ?? devSessionSecret),
    apiUpstream: e.API_UPSTREAM,
    trustProxy: e.TRUST_PROXY === 'true',
    idleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS,
    absoluteTimeoutSeconds: e.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    refreshSkewSeconds: e.REFRESH_SKEW_SECONDS,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    allowedOrigins: commaList(e.ALLOWED_ORIGINS),
    logLevel: e.LOG_LEVEL,
    spaDist: e.SPA_DIST,
  };
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
