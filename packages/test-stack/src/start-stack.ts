// The house as tests run it: the dev IdP (127.0.0.1), the sample API and a BFF (localhost, a
// different site from the IdP), on random loopback ports. One assembly for every suite, so that
// the IdP's client registration, the store and the login stay the same wherever they are tested.
import { startApi } from '@cloakroom/api';
import type { Bff, BffOptions, SessionStore } from '@cloakroom/bff';
import { createServer, loadConfig } from '@cloakroom/server';
import type { IdpBehaviour, IdpClient, IdpProfileName, RunningIdp } from '@cloakroom/idp';
import { startDevIdp } from '@cloakroom/idp/testing';
import {
  freeLoopbackPort,
  listenOnLoopback,
  logInBrowser,
  type Credentials,
  type HttpBrowser,
} from '@cloakroom/testkit';
import { resolveUpstream, writeRoutesFile } from './api-upstreams.ts';
import { startBffProcess, type BffProcess } from './bff-process.ts';
import { captureLogger } from './capture-logger.ts';
import { startLibraryBff } from './library-bff.ts';
import { startNginx, type Nginx } from './nginx.ts';
import { logRequests, type BffRequest } from './request-log.ts';
import { writeSpaDist } from './spa-dist.ts';

interface CommonOptions {
  /** The IdP's access-token lifetime. Default 300. */
  accessTokenTtlSeconds?: number;
  /** `false`: no IdP and no API; the BFF's issuer is a closed port. */
  idp?: boolean;
  /** More clients the IdP knows, besides the BFF's own. */
  clients?: IdpClient[];
  /** Where `/api` goes. Default: the sample API. */
  apiUpstream?: string;
  /** The real IdP the dev IdP imitates. Default `'default'`. */
  idpProfile?: IdpProfileName;
  /** Switches over the profile's (e.g. `{ idTokenAlg: 'ES256' }`). */
  idpBehaviour?: Partial<IdpBehaviour>;
  /**
   * More sample APIs, each with its own audience, reachable as `apiUrls[name]` and as
   * `{api:<name>}` in a route's upstream. The IdP serves each audience that is an absolute URI
   * as a resource indicator (tokens with `aud` = it). `api` names the default API.
   */
  apis?: Array<{ name: string; audience: string }>;
  /** More resource indicators the IdP serves, besides the `apis`' audiences. */
  idpResources?: string[];
  /** The IdP requires DPoP nonces at its token endpoint (`IDP_DPOP_NONCE`). */
  dpopNonce?: boolean;
  /** The sample APIs require DPoP nonces they issued (`API_DPOP_NONCE`). */
  apiDpopNonce?: boolean;
}

/** `createBff` on a Koa app in this process, as packages/bff's tests drive it. */
export interface LibraryStackOptions extends CommonOptions {
  mode?: 'library';
  /** A store or a `SESSION_STORE` value. Default: a memory store (on the fake clock). */
  store?: SessionStore | string;
  /**
   * Over the test defaults; a route's upstream may say `{api}` for the sample API. A function is
   * called once the IdP listens, with the issuer the BFF uses and the IdP's URL.
   */
  bffOptions?:
    Partial<BffOptions> | ((idp: { issuer: string; idpUrl: string }) => Partial<BffOptions>);
  /** Drive the BFF (and its memory store) with a clock the test advances. */
  fakeClock?: boolean;
  mount?: 'listener' | 'middleware';
}

interface ServerLikeOptions extends CommonOptions {
  /** A `SESSION_STORE` value. Default `memory`. */
  store?: string;
  /**
   * The contract's JSON route objects, written to a temp file passed as `BFF_ROUTES`; an
   * `upstream` may say `{api}` or `{api:<name>}`. Default: no `BFF_ROUTES` (`API_UPSTREAM`).
   */
  routes?: unknown[];
  /** More environment for the server, over the stack's. */
  env?: Record<string, string>;
  /** Files of a stand-in SPA build (path → text). Default: the real build in apps/spa/dist. */
  spa?: Record<string, string>;
}

/** apps/bff's `createServer` in this process, configured from environment values. */
export interface ServerStackOptions extends ServerLikeOptions {
  mode: 'server';
}

/** `node --expose-gc apps/bff/src/main.ts` child processes, as a deployment runs them. */
export interface ProcessStackOptions extends ServerLikeOptions {
  mode: 'process';
  /** How many processes. Default 1; more need `nginx`. */
  instances?: number;
  /** nginx round-robin in front (the public URL); the instances trust its forwarded headers. */
  nginx?: boolean;
}

export type StackOptions = LibraryStackOptions | ServerStackOptions | ProcessStackOptions;

interface BaseStack {
  /** The BFF's public URL: `http://localhost:<port>` (nginx's in front of processes). */
  bffUrl: string;
  apiUrl: string;
  /** Every sample API by name: `api` (the default one, `apiUrl`) and the `apis` option's. */
  apiUrls: Record<string, string>;
  idp: RunningIdp;
  /** A fresh browser logged in as alice (or `user`), returning on `returnTo`. */
  login(user?: Credentials, returnTo?: string): Promise<HttpBrowser>;
  /** Calls the BFF as the SPA would: same-origin, with the CSRF header. */
  call(browser: HttpBrowser, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface ServerStack extends BaseStack {
  bff: Bff;
  /** What the BFF answered, in order. */
  requests: BffRequest[];
}

export interface LibraryStack extends ServerStack {
  store: SessionStore;
  /** Moves the BFF's clock forward (with `fakeClock`). */
  advance(ms: number): void;
  /** Logout tokens the IdP sent to the BFF's back-channel endpoint. */
  backchannelTokens: string[];
  /** Every line the BFF logged, for leak checks. */
  logLines: string[];
}

export interface ProcessStack extends BaseStack {
  instances: BffProcess[];
  nginx: Nginx | undefined;
  /** One more process on `port` with the stack's IdP, API and SPA; `env` over them. Stopped on close. */
  startBffProcess(port: number, env: Record<string, string>): BffProcess;
}

type ModeStack<O> = O extends { mode: 'process' }
  ? ProcessStack
  : O extends { mode: 'server' }
    ? ServerStack
    : LibraryStack;

/** The stack `startStack(options)` answers: by mode, without `idp` and `login` when `idp: false`. */
export type StackFor<O> = O extends { idp: false }
  ? Omit<ModeStack<O>, 'idp' | 'apiUrl' | 'apiUrls' | 'login'>
  : ModeStack<O>;

/** A port nothing listens on (discard): the issuer of a stack without an IdP. */
const closedIssuer = 'http://127.0.0.1:9';

/**
 * Starts the IdP, the API and a BFF in `mode` (default `library`); `close()` stops them all.
 *
 * @example
 * const stack = await startStack({ fakeClock: true });
 * const browser = await stack.login();
 * await stack.call(browser, '/api/me');
 * // another API (and IdP resource) for a per-resource route:
 * const two = await startStack({ mode: 'server', apis: [{ name: 'billing', audience: 'urn:x:billing' }],
 *   routes: [{ path: '/api/billing', upstream: '{api:billing}', token: 'client', resource: 'urn:x:billing' }] });
 */
export async function startStack<const O extends StackOptions = LibraryStackOptions>(
  options: O = {} as O,
): Promise<StackFor<O>> {
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closer of closers.splice(0).toReversed()) await closer();
  };
  try {
    const started = await startMode(options, closers);
    return { ...started, close } as unknown as StackFor<O>;
  } catch (error) {
    await close();
    throw error;
  }
}

async function startMode(options: StackOptions, closers: Array<() => Promise<void> | void>) {
  if (options.mode === 'process') return startProcesses(options, closers);
  // Listens first: the IdP must know the BFF's redirect URI before the BFF knows its issuer.
  const listener = await listenOnLoopback();
  let closed: Promise<void> | undefined;
  const closeListener = () => (closed ??= listener.close());
  closers.push(closeListener);
  const bffUrl = `http://localhost:${listener.port}`;
  const house = await startHouse(bffUrl, options, closers);
  const requests: BffRequest[] = [];
  const attach = (
    handler: Parameters<typeof logRequests>[0],
    upgrade: Parameters<typeof listener.attach>[1],
  ) => {
    listener.attach(logRequests(handler, bffUrl, requests), upgrade);
    // Stops taking requests before the BFF and the IdP go.
    closers.push(closeListener);
  };
  const common = { ...house, ...helpers(bffUrl), bffUrl, requests };
  if (options.mode === 'server') {
    const { bff, listener: handler } = await createServer(
      loadConfig({
        PORT: String(listener.port),
        PUBLIC_URL: bffUrl,
        OIDC_ISSUER: house.issuer,
        // BFF_ROUTES replaces API_UPSTREAM (the server refuses both).
        ...(house.apiUpstream && !options.routes ? { API_UPSTREAM: house.apiUpstream } : {}),
        ...routesEnv(options.routes, house.apiUrls, closers),
        SESSION_STORE: options.store ?? 'memory',
        LOG_LEVEL: 'silent',
        ...spaEnv(options.spa, closers),
        ...options.env,
      }),
    );
    closers.push(() => bff.close());
    attach(handler, bff.upgradeListener());
    return { ...common, bff };
  }
  let offset = 0;
  const now = options.fakeClock ? () => Date.now() + offset : undefined;
  const logLines: string[] = [];
  const bffOptions =
    typeof options.bffOptions === 'function'
      ? options.bffOptions({ issuer: house.issuer, idpUrl: house.idp?.url ?? closedIssuer })
      : options.bffOptions;
  const routes = bffOptions?.routes?.map((route) => ({
    ...route,
    // Routes may name the sample APIs as `{api}` or `{api:<name>}`, unknown before they listen.
    upstream: resolveUpstream(route.upstream, house.apiUrls),
  }));
  const library = await startLibraryBff({
    publicUrl: bffUrl,
    issuer: house.issuer,
    apiUpstream: house.apiUpstream ?? closedIssuer,
    ...(options.store ? { store: options.store } : {}),
    logger: captureLogger(logLines),
    ...(now ? { now } : {}),
    bffOptions: { ...bffOptions, ...(routes ? { routes } : {}) },
    ...(options.mount ? { mount: options.mount } : {}),
  });
  closers.push(() => library.bff.close());
  attach(library.handler, library.upgrade);
  return {
    ...common,
    bff: library.bff,
    store: library.store,
    backchannelTokens: library.backchannelTokens,
    logLines,
    advance(ms: number) {
      offset += ms;
    },
  };
}

async function startProcesses(
  options: ProcessStackOptions,
  closers: Array<() => Promise<void> | void>,
) {
  const count = options.instances ?? 1;
  if (count > 1 && !options.nginx) throw new TypeError('several instances need nginx in front');
  const ports = await Promise.all(Array.from({ length: count }, () => freeLoopbackPort()));
  // nginx first: its URL is the public URL the IdP must know.
  const nginx = options.nginx ? await startNginx({ upstreamPorts: ports }) : undefined;
  if (nginx) closers.push(nginx.stop);
  const bffUrl = nginx?.url ?? `http://localhost:${ports[0]}`;
  const house = await startHouse(bffUrl, options, closers);
  const base = {
    OIDC_ISSUER: house.issuer,
    // BFF_ROUTES replaces API_UPSTREAM (the server refuses both).
    ...(house.apiUpstream && !options.routes ? { API_UPSTREAM: house.apiUpstream } : {}),
    ...routesEnv(options.routes, house.apiUrls, closers),
    ...spaEnv(options.spa, closers),
  };
  const running: BffProcess[] = [];
  closers.push(() => Promise.all(running.map((bff) => bff.stop())).then(() => undefined));
  const spawn = (port: number, env: Record<string, string>) => {
    const bff = startBffProcess(port, { ...base, ...env });
    running.push(bff);
    return bff;
  };
  const instances = ports.map((port) =>
    spawn(port, {
      PUBLIC_URL: bffUrl,
      SESSION_STORE: options.store ?? 'memory',
      ...(nginx ? { TRUST_PROXY: 'true' } : {}),
      ...options.env,
    }),
  );
  await Promise.all(instances.map((instance) => instance.ready()));
  return { ...house, ...helpers(bffUrl), bffUrl, instances, nginx, startBffProcess: spawn };
}

/**
 * The IdP (knowing the BFF at `bffUrl`) and the sample APIs (the default one and `apis`), or
 * none with `idp: false`.
 */
async function startHouse(
  bffUrl: string,
  options: CommonOptions,
  closers: Array<() => Promise<void> | void>,
) {
  const apis = checkedApis(options.apis);
  if (options.idp === false) {
    return {
      issuer: closedIssuer,
      apiUpstream: options.apiUpstream,
      apiUrl: undefined,
      apiUrls: {} as Record<string, string>,
    };
  }
  // An audience that is an absolute URI is also the API's resource indicator; `api` is not one.
  const resources = [
    ...new Set([
      ...apis.map((api) => api.audience).filter((audience) => URL.canParse(audience)),
      ...(options.idpResources ?? []),
    ]),
  ];
  const idp = await startDevIdp(bffUrl, { ...options, resources });
  closers.push(idp.close);
  // The API checks the `iss` its tokens carry; the BFF gets the issuer a relying party of this
  // kind of IdP is configured with (for Entra, the multi-tenant one rather than the tenant's).
  const api = await startApi({
    issuer: idp.issuer,
    ...(options.apiDpopNonce ? { dpopNonce: true } : {}),
  });
  closers.push(api.close);
  const apiUrls: Record<string, string> = { api: api.url };
  for (const { name, audience } of apis) {
    const more = await startApi({
      issuer: idp.issuer,
      audience,
      ...(options.apiDpopNonce ? { dpopNonce: true } : {}),
    });
    closers.push(more.close);
    apiUrls[name] = more.url;
  }
  return {
    idp,
    issuer: idp.bffIssuer,
    apiUrl: api.url,
    apiUrls,
    apiUpstream: options.apiUpstream ?? api.url,
  };
}

/** The `apis` option, refused at once when a name is taken twice (or is the default's). */
function checkedApis(apis: CommonOptions['apis'] = []) {
  const names = new Set(['api']);
  for (const { name, audience } of apis) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new TypeError(`apis: a name of letters, digits, - and _ expected, got "${name}"`);
    }
    if (names.has(name)) throw new TypeError(`apis: the name "${name}" is taken`);
    if (!audience) throw new TypeError(`apis.${name}: an audience is required`);
    names.add(name);
  }
  return apis;
}

/** `BFF_ROUTES` naming a file with `routes` (upstreams resolved), removed on close. */
function routesEnv(
  routes: unknown[] | undefined,
  apiUrls: Record<string, string>,
  closers: Array<() => Promise<void> | void>,
): { BFF_ROUTES?: string } {
  if (!routes) return {};
  const file = writeRoutesFile(routes, apiUrls);
  closers.push(file.remove);
  return { BFF_ROUTES: file.path };
}

function helpers(bffUrl: string) {
  return {
    login: (user?: Credentials, returnTo?: string) => logInBrowser(bffUrl, user, returnTo),
    call(browser: HttpBrowser, path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('x-csrf')) headers.set('x-csrf', '1');
      return browser.request(new URL(path, bffUrl).href, { ...init, headers });
    },
  };
}

function spaEnv(
  files: Record<string, string> | undefined,
  closers: Array<() => Promise<void> | void>,
): { SPA_DIR?: string } {
  if (!files) return {};
  const spa = writeSpaDist(files);
  closers.push(spa.remove);
  return { SPA_DIR: spa.dir };
}
