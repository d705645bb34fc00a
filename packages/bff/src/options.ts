import type { SessionEndSignal } from './live/session-end-signal.ts';
import { z } from 'zod';
import type { Logger } from './observability/logger.ts';
import type { TracingOptions } from './observability/tracing.ts';
import { clientKeyProblem } from './oidc/client-keys.ts';
import type { SessionStore } from './session/session-store.ts';
import type { RefreshCoordinator } from './tokens/refresh-coordinator.ts';

const origin = (what: string) =>
  z
    .string()
    .url(`${what} must be an absolute URL`)
    // zod runs this even when `.url()` has failed: an unparsable value is left to that message.
    .refine((value) => !URL.canParse(value) || ['/', ''].includes(new URL(value).pathname), {
      message: `${what} must be an origin without a path`,
    })
    // `file:///` and other schemes have the origin `null`, which is what a sandboxed iframe or a
    // local file sends as `Origin`: allowing it would let any of those pass the CSRF check.
    .refine((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), {
      message: `${what} must be an http(s) origin`,
    })
    .transform((value) => new URL(value).origin);

/** Authorization parameters the BFF sets itself on every login. */
const ownAuthorizationParams = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request',
  'request_uri',
]);

const seconds = (fallback: number) => z.number().int().positive().default(fallback);

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * What a route's upstream gets in `Authorization` (the contract's token types):
 * `user` the session's access token (for `resource`/`scope` when given: a token of its own,
 * RFC 8707); `user-or-none` the same when there is a session, else nothing; `client` a
 * client-credentials token of the BFF's own client, shared by all sessions; `none` nothing.
 */
export const routeTokenTypes = ['user', 'user-or-none', 'client', 'none'] as const;
export type RouteTokenType = (typeof routeTokenTypes)[number];

/** An RFC 8707 resource indicator: an absolute URI without a fragment. */
const resourceIndicator = z
  .string()
  .refine((value) => URL.canParse(value) && !value.includes('#'), {
    message: 'resource must be an absolute URI without a fragment (RFC 8707)',
  });

/** A space-separated list of OAuth scope tokens (RFC 6749 §3.3). */
const scopeList = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, {
  message: 'scope must be space-separated scope tokens',
});

const milliseconds = z.number().int().positive();

/**
 * One entry of the proxy's route table: the contract's `BFF_ROUTES` objects, as they are in the
 * JSON file. Unknown fields are refused, so a misspelt one (`"tokne"`) fails at start-up instead
 * of silently meaning the default.
 */
export const ProxyRouteSchema = z
  .strictObject({
    /** `/api` or a path under it (`/api/billing`); matches itself and what continues with `/`. */
    path: z
      .string()
      .regex(
        /^\/api(\/[A-Za-z0-9._~!$&'()*+,=:@-]+)*$/,
        'path must be /api or a path under it, without a trailing slash, dot segments, ' +
          'percent-escapes or ";"',
      )
      .refine((path) => !path.split('/').some((segment) => segment === '.' || segment === '..'), {
        message: 'path must not contain dot segments',
      }),
    /** Where the rest of the path goes: `<upstream base path><rest>`. */
    upstream: z
      .string()
      .url('upstream must be an absolute URL')
      .refine(
        (value) =>
          !URL.canParse(value) ||
          (/^https?:$/.test(new URL(value).protocol) &&
            !new URL(value).search &&
            !new URL(value).hash &&
            !new URL(value).username &&
            !new URL(value).password),
        { message: 'upstream must be an http(s) URL without query, fragment or credentials' },
      ),
    token: z.enum(routeTokenTypes).default('user'),
    /** RFC 8707 resource the route's token is for (`user`, `user-or-none`, `client`). */
    resource: resourceIndicator.optional(),
    /** Scope the route's token is asked with (`user`: narrowed at refresh; `client`). */
    scope: scopeList.optional(),
    /** Methods forwarded (all by default); another answers 405 and the upstream sees nothing. */
    methods: z
      .array(z.enum(methods))
      .min(1)
      .default([...methods]),
    /** Accept WebSocket upgrades on this route (live connections). */
    websocket: z.boolean().default(false),
    /** Larger request bodies answer 413 (bodies stream; this bounds what reaches the upstream). */
    bodyLimit: z
      .number()
      .int()
      .positive()
      .default(100 * 1024 * 1024),
    /**
     * Accept `GET`/`HEAD` without the X-CSRF header when Fetch Metadata proves a same-origin
     * request (`Sec-Fetch-Site: same-origin`): for EventSource streams and downloads, which
     * cannot send custom headers. Never for other methods.
     */
    sameOriginReads: z.boolean().default(false),
    /**
     * Accept request bodies a cross-site form could send without a CORS preflight
     * (`text/plain`, form encodings, or no content type). Off by default.
     */
    simpleBodies: z.boolean().default(false),
    /** This route's upstream timeouts, over the `upstream` option's. */
    timeouts: z
      .strictObject({
        connectTimeoutMs: milliseconds.optional(),
        headersTimeoutMs: milliseconds.optional(),
        bodyTimeoutMs: milliseconds.optional(),
      })
      .optional(),
  })
  .refine((route) => route.token !== 'none' || (!route.resource && !route.scope), {
    message: 'a route with token "none" takes no resource or scope',
    path: ['token'],
  });

export type ProxyRoute = z.output<typeof ProxyRouteSchema>;

/** Every method the BFF calls on a store. */
const storeMethods = [
  'get',
  'set',
  'replace',
  'destroy',
  'destroyBySid',
  'destroyBySub',
  'listBySub',
  'rememberOnce',
  'ping',
  'close',
] as const;

const hasMethods = (value: unknown, names: readonly string[]) =>
  typeof value === 'object' &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/**
 * Where the BFF keeps sessions (the `backend` option): the store and, when that store is shared
 * between instances, the refresh coordinator to match. `openSessionBackend` opens both from a
 * `SESSION_STORE` value.
 *
 * @example
 * const bff = createBff({ ...options, backend: { store: createMemoryStore() } }, app);
 */
export const SessionBackendSchema = z.object({
  store: z.custom<SessionStore>((value) => hasMethods(value, storeMethods), {
    message: `store must implement the SessionStore contract (${storeMethods.join(', ')})`,
  }),
  /**
   * Set for stores shared across instances (Redis), so several instances refresh a session once
   * between them; by default an in-process one (one refresh per session at a time).
   */
  refreshCoordinator: z
    .custom<RefreshCoordinator>((value) => hasMethods(value, ['run']), {
      message: 'refreshCoordinator must implement run(key, task)',
    })
    .optional(),
  /**
   * Set for stores shared across instances (Redis): carries the end of a session to every
   * instance, which closes its live connections there. By default, this process only.
   */
  sessionEndSignal: z
    .custom<SessionEndSignal>((value) => hasMethods(value, ['announce', 'listen', 'close']), {
      message: 'sessionEndSignal must implement announce(end), listen(listener) and close()',
    })
    .optional(),
});

export type SessionBackend = z.output<typeof SessionBackendSchema>;

/**
 * Options of {@link createBff}, parsed once at construction. The schema is the documentation:
 * each field says its default, and a bad value fails with the dotted path of the option.
 */
export const BffOptionsSchema = z.object({
  /** The origin the browser uses for the SPA and the BFF, e.g. `https://app.example.com`. */
  publicUrl: origin('publicUrl'),
  /** The OpenID Provider's issuer identifier. */
  issuer: z.string().url('issuer must be an absolute URL'),
  clientId: z.string().min(1),
  /** Omit for a public client (not recommended: the BFF is a confidential client). */
  clientSecret: z.string().min(1).optional(),
  /**
   * How the client authenticates at the token endpoint. Default `client_secret_basic` with a
   * secret, `private_key_jwt` with `clientKeys`, else `none`. Use `client_secret_post` for an IdP
   * that does not decode form-encoded Basic credentials (a client id or secret with characters
   * other than letters and digits, RFC 6749 §2.3.1).
   */
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
    .optional(),
  /**
   * Private keys for `private_key_jwt` (PEM PKCS#8 or JWK JSON), newest first: the first signs,
   * and all of them are published at `GET /bff/jwks`, so a new key can be added before it signs.
   */
  clientKeys: z
    .array(
      z.string().superRefine((key, ctx) => {
        const problem = clientKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .default([]),
  scope: z.string().default('openid profile email offline_access'),
  /**
   * Extra authorization parameters, e.g. `{ audience: 'api' }` (Auth0) or
   * `{ access_type: 'offline', prompt: 'consent' }` (Google's refresh tokens). The parameters
   * the login's security rests on are the BFF's own and cannot be set here.
   */
  authorizationParams: z
    .record(z.string(), z.string())
    .refine((params) => !Object.keys(params).some((name) => ownAuthorizationParams.has(name)), {
      message: `authorizationParams may not set ${[...ownAuthorizationParams].join(', ')} (the BFF sets them)`,
    })
    .default({}),
  /**
   * Sender-constrained tokens (DPoP, RFC 9449; default off, on with `fapi2`): each session gets its own key (sealed in the
   * store, never sent to the browser); token requests and every upstream call carry proofs, and
   * bound tokens go upstream as `Authorization: DPoP`. Client-credentials tokens are bound to a
   * key every instance derives from the first secret.
   */
  dpop: z.boolean().optional(),
  /**
   * `fapi2`: the FAPI 2.0 security profile — PAR, `private_key_jwt`, DPoP and the RFC 9207 `iss`
   * check, all required; a setting that weakens one of them is refused at start-up.
   */
  profile: z.enum(['fapi2']).optional(),
  /** Send the authorization request by PAR (RFC 9126); the IdP must offer it. Default: off, on with `fapi2`. */
  pushedAuthorizationRequests: z.boolean().optional(),
  /** Call the userinfo endpoint at login and add its claims (IdPs with thin ID tokens). */
  userinfo: z.boolean().default(false),
  /** Clock skew accepted on ID and logout token times, in seconds. */
  clockToleranceSeconds: z.number().int().nonnegative().max(300).default(30),
  /**
   * A logout URL used instead of the discovered `end_session_endpoint`, for IdPs with a
   * non-standard one (Cognito's `/logout`). `{client_id}`, `{post_logout_redirect_uri}` and
   * `{state}` are replaced, URL-encoded; a `state` is added when the template has none.
   */
  endSessionUrl: z
    .string()
    .url('endSessionUrl must be an absolute URL')
    .refine((value) => !/\{(?!client_id\}|post_logout_redirect_uri\}|state\})/.test(value), {
      message: 'endSessionUrl may only use {client_id}, {post_logout_redirect_uri} and {state}',
    })
    .optional(),
  /** Allow an `http:` issuer. Defaults to true only for a loopback issuer (development). */
  allowInsecureIssuer: z.boolean().optional(),
  /** The upstream API behind `/api` (shorthand for one route `{ path: '/api', upstream }`). */
  apiUpstream: z.string().url('apiUpstream must be an absolute URL').optional(),
  /**
   * The proxy's route table (the contract's `BFF_ROUTES`): nothing outside it is forwarded. The
   * longest matching `path` wins; `<path>/<rest>` goes to `<upstream><rest>` with the route's
   * token. Given, it replaces `apiUpstream`.
   */
  routes: z
    .array(ProxyRouteSchema)
    .min(1, 'routes needs at least one route')
    // Paths match case-insensitively (see route-table.ts), so they must differ beyond case.
    .refine((routes) => new Set(routes.map((r) => r.path.toLowerCase())).size === routes.length, {
      message: 'each route path may appear only once (compared case-insensitively)',
    })
    .optional(),
  /** Origins besides `publicUrl`'s that may call the BFF (e.g. a dev server). Exact match. */
  allowedOrigins: z.array(origin('allowedOrigins[]')).default([]),
  /** Logins and callbacks allowed per client IP and minute (0: no limit). Generous for NAT. */
  loginRateLimitPerMinute: z.number().int().nonnegative().default(300),
  /**
   * Put the ID token into the end-session URL as `id_token_hint`. Off by default: it puts a token
   * in a URL the browser visits (history, logs, Referer). Turn on only for an IdP that refuses
   * RP-initiated logout without it.
   */
  logoutIdTokenHint: z.boolean().default(false),
  /** Send `Clear-Site-Data: "cache", "cookies"` on logout (clears every cookie of the site). */
  clearSiteDataOnLogout: z.boolean().default(true),
  /** Where sessions live: the store, and for a shared one its refresh coordinator. */
  backend: SessionBackendSchema,
  /** Key material, newest first; every entry decrypts, the first encrypts. */
  secrets: z.array(z.string().min(16, 'each secret needs at least 16 characters')).min(1),
  /** Name of the session cookie; must keep the `__Host-` prefix. */
  cookieName: z
    .string()
    .regex(
      /^__Host-[A-Za-z0-9_-]+$/,
      'cookieName must start with __Host- (no Domain, Path=/, Secure)',
    )
    .default('__Host-cloakroom'),
  session: z
    .object({
      /** Absolute lifetime of a session, whatever the activity. */
      absoluteTimeoutSeconds: seconds(12 * 60 * 60),
      /** A session unused this long ends (sliding). */
      idleTimeoutSeconds: seconds(30 * 60),
    })
    // `prefault({})`: an absent object is parsed as `{}`, so each field's own default applies and
    // no default is written twice.
    .prefault({}),
  /** Refresh an access token that expires within this many seconds. */
  refreshSkewSeconds: z.number().int().nonnegative().default(30),
  /** How long a started login may take before its transaction expires. */
  loginTimeoutSeconds: seconds(10 * 60),
  /** Timeout of each call to the IdP. */
  idpTimeoutSeconds: seconds(10),
  upstream: z
    .object({
      connectTimeoutMs: z.number().int().positive().default(5_000),
      headersTimeoutMs: z.number().int().positive().default(30_000),
      bodyTimeoutMs: z.number().int().positive().default(60_000),
      connections: z.number().int().positive().default(128),
    })
    .prefault({}),
  /**
   * Live connections (event streams and WebSockets): caps, and how long an event stream may be
   * quiet. Each is closed when its session ends, on whichever instance that happens.
   */
  live: z
    .object({
      /** Open live connections one session may hold; more answer `429 too_many_connections`. */
      maxPerSession: z.number().int().positive().default(8),
      /** Open live connections this instance holds at most. */
      maxPerInstance: z.number().int().positive().default(10_000),
      /**
       * An event stream quiet this long is cut (the body idle timeout does not apply to event
       * streams); 0: never (the session's end still closes it).
       */
      streamIdleTimeoutMs: z
        .number()
        .int()
        .nonnegative()
        .default(30 * 60_000),
      /**
       * The longest a live connection goes without re-reading its session: the bound on how long
       * a lost end-of-session message can keep it open.
       */
      recheckSeconds: seconds(30),
    })
    .prefault({}),
  /** Path on `publicUrl` the IdP sends the browser back to after logout. */
  postLogoutRedirectPath: z.string().startsWith('/').default('/'),
  logger: z.custom<Logger>().optional(),
  /**
   * OpenTelemetry tracing: spans for every `/bff/*` endpoint, each proxied `/api` request and its
   * upstream call (which gets the BFF's `traceparent`), token grants and session store calls,
   * handed to `tracerProvider` (an SDK provider the application builds). Absent (the default):
   * no tracing work at all, the request paths never touch OpenTelemetry.
   */
  tracing: z
    .object({
      tracerProvider: z.custom<TracingOptions['tracerProvider']>(
        (value) => typeof (value as { getTracer?: unknown } | null)?.getTracer === 'function',
        { message: 'tracing.tracerProvider must be an OpenTelemetry TracerProvider' },
      ),
      trustIncomingContext: z.boolean().default(false),
    })
    .optional(),
  /** Clock, for tests. */
  now: z.custom<() => number>((value) => typeof value === 'function').optional(),
});

export type BffOptions = z.input<typeof BffOptionsSchema>;
export type ResolvedBffOptions = z.output<typeof BffOptionsSchema>;

const loopbackHosts = ['127.0.0.1', 'localhost', '[::1]'];

/** `allowInsecureIssuer` as given, else true only for a loopback issuer (development). */
const insecureIssuerAllowed = (o: { issuer: string; allowInsecureIssuer?: boolean | undefined }) =>
  o.allowInsecureIssuer ?? loopbackHosts.includes(new URL(o.issuer).hostname);

type AuthMethod = NonNullable<ResolvedBffOptions['tokenEndpointAuthMethod']>;

/** The client authentication as given, else the one the credentials given imply. */
const authMethodOf = (o: {
  tokenEndpointAuthMethod?: AuthMethod | undefined;
  clientSecret?: string | undefined;
  clientKeys?: string[] | undefined;
}): AuthMethod =>
  o.tokenEndpointAuthMethod ??
  (o.clientKeys?.length ? 'private_key_jwt' : o.clientSecret ? 'client_secret_basic' : 'none');

/** A refinement checked whenever the fields it reads are valid, so it is listed with the rest. */
const whenValid =
  (fields: Partial<Record<keyof ResolvedBffOptions, true>>) =>
  ({ value }: { value: unknown }) =>
    BffOptionsSchema.pick(fields).safeParse(value).success;

const CheckedBffOptionsSchema = BffOptionsSchema.refine(
  (o) => o.apiUpstream !== undefined || (o.routes?.length ?? 0) > 0,
  {
    message: 'give apiUpstream or at least one entry in routes',
    path: ['apiUpstream'],
  },
)
  .refine((o) => new URL(o.issuer).protocol === 'https:' || insecureIssuerAllowed(o), {
    message: 'issuer must use https (set allowInsecureIssuer only for development)',
    path: ['issuer'],
    // Checked whenever the two fields it reads are valid, so it is listed with every other problem.
    when: whenValid({ issuer: true, allowInsecureIssuer: true }),
  })
  .refine((o) => !authMethodOf(o).startsWith('client_secret') || o.clientSecret !== undefined, {
    message: 'client_secret_basic and client_secret_post need clientSecret',
    path: ['clientSecret'],
    when: whenValid({ tokenEndpointAuthMethod: true, clientSecret: true }),
  })
  .refine(
    (o) =>
      o.endSessionUrl === undefined ||
      new URL(o.endSessionUrl).protocol === 'https:' ||
      (new URL(o.endSessionUrl).protocol === 'http:' && insecureIssuerAllowed(o)),
    {
      message: 'endSessionUrl must use https (http only where the issuer may, in development)',
      path: ['endSessionUrl'],
      when: whenValid({ endSessionUrl: true, issuer: true, allowInsecureIssuer: true }),
    },
  )
  .refine((o) => authMethodOf(o) !== 'none' || !o.routes?.some((r) => r.token === 'client'), {
    message: 'routes with token "client" need a confidential client (a clientSecret or clientKeys)',
    path: ['routes'],
    when: whenValid({ tokenEndpointAuthMethod: true, clientSecret: true, routes: true }),
  })
  .refine((o) => o.profile !== 'fapi2' || o.pushedAuthorizationRequests !== false, {
    message: 'the fapi2 profile needs pushedAuthorizationRequests (PAR); leave it on',
    path: ['pushedAuthorizationRequests'],
    when: whenValid({ profile: true, pushedAuthorizationRequests: true }),
  })
  .refine((o) => o.profile !== 'fapi2' || o.dpop !== false, {
    message: 'the fapi2 profile needs dpop (sender-constrained tokens); leave it on',
    path: ['dpop'],
    when: whenValid({ profile: true, dpop: true }),
  })
  .refine((o) => o.profile !== 'fapi2' || authMethodOf(o) === 'private_key_jwt', {
    message:
      'the fapi2 profile needs private_key_jwt client authentication: give clientKeys, and no other tokenEndpointAuthMethod',
    path: ['tokenEndpointAuthMethod'],
    when: whenValid({
      profile: true,
      tokenEndpointAuthMethod: true,
      clientSecret: true,
      clientKeys: true,
    }),
  })
  .refine((o) => o.profile !== 'fapi2' || !o.logoutIdTokenHint, {
    message: 'the fapi2 profile keeps tokens out of URLs: logoutIdTokenHint must be off',
    path: ['logoutIdTokenHint'],
    when: whenValid({ profile: true, logoutIdTokenHint: true }),
  })
  .refine((o) => authMethodOf(o) !== 'private_key_jwt' || o.clientKeys.length > 0, {
    message: 'private_key_jwt needs at least one key in clientKeys',
    path: ['clientKeys'],
    when: whenValid({ tokenEndpointAuthMethod: true, clientKeys: true }),
  });

/** Options as {@link parseBffOptions} gives them: defaults applied, the route table resolved. */
export type ParsedBffOptions = ResolvedBffOptions & {
  routes: ProxyRoute[];
  dpop: boolean;
  pushedAuthorizationRequests: boolean;
  allowInsecureIssuer: boolean;
  tokenEndpointAuthMethod: AuthMethod;
};

/** One bad option: its dotted path (`session.idleTimeoutSeconds`, `allowedOrigins.1`) and why. */
export interface OptionProblem {
  path: string;
  message: string;
}

/**
 * Every problem with these options, without building anything: for a caller that reads options
 * from elsewhere (the server's environment) and reports them in its own words.
 *
 * @example
 * optionProblems({ publicUrl: 'nope' }); // [{ path: 'publicUrl', message: '...' }, ...]
 */
export function optionProblems(options: unknown): OptionProblem[] {
  const result = CheckedBffOptionsSchema.safeParse(options);
  return result.success ? [] : problemsOf(result.error);
}

const problemsOf = (error: z.ZodError): OptionProblem[] =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/** Parses options or throws a TypeError naming every bad option by its dotted path. */
export function parseBffOptions(options: BffOptions): ParsedBffOptions {
  const result = CheckedBffOptionsSchema.safeParse(options);
  if (!result.success) {
    const problems = problemsOf(result.error).map(
      ({ path, message }) => `${path || '(options)'}: ${message}`,
    );
    throw new TypeError(`Invalid Cloakroom BFF options:\n  ${problems.join('\n  ')}`);
  }
  const routes = result.data.routes ?? [
    ProxyRouteSchema.parse({ path: '/api', upstream: result.data.apiUpstream }),
  ];
  return {
    ...result.data,
    routes,
    allowInsecureIssuer: insecureIssuerAllowed(result.data),
    tokenEndpointAuthMethod: authMethodOf(result.data),
    // The FAPI 2.0 profile turns these on; given explicitly off, it was refused above.
    dpop: result.data.dpop ?? result.data.profile === 'fapi2',
    pushedAuthorizationRequests:
      result.data.pushedAuthorizationRequests ?? result.data.profile === 'fapi2',
  };
}
