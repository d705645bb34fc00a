import { Readable } from 'node:stream';
import Koa from 'koa';
import { startApi } from '@cloakroom/api';
import { bffClient, startIdp, type RunningIdp } from '@cloakroom/idp';
import { HttpBrowser, listenOnLoopback, loginOverHttp } from '@cloakroom/testkit';
import {
  createBff,
  createMemoryStore,
  type Bff,
  type BffOptions,
  type SessionStore,
} from '../../src/index.ts';

export const cookieName = '__Host-cloakroom';

export interface Stack {
  bffUrl: string;
  apiUrl: string;
  idp: RunningIdp;
  bff: Bff;
  store: SessionStore;
  /** Moves the BFF's clock forward (with `fakeClock`). */
  advance(ms: number): void;
  /** Logout tokens the IdP sent to the BFF's back-channel endpoint. */
  backchannelTokens: string[];
  /** Every line the BFF logged, for leak checks. */
  logLines: string[];
  /** A fresh browser logged in as alice (or `user`), returning on `returnTo`. */
  login(user?: { login: string; password: string }, returnTo?: string): Promise<HttpBrowser>;
  /** Calls the BFF as the SPA would: same-origin, with the CSRF header. */
  call(browser: HttpBrowser, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the real parts on loopback: the dev IdP (oidc-provider), the sample API, and a BFF
 * built with `createBff` on `http://localhost:<port>`, a different site from the IdP's 127.0.0.1.
 */
export async function startStack(
  options: {
    accessTokenTtlSeconds?: number;
    store?: SessionStore;
    bffOptions?: Partial<BffOptions>;
    apiUpstream?: string;
    /** Drive the BFF (and its memory store) with a clock the test advances. */
    fakeClock?: boolean;
    /**
     * `listener` (default): as the deployable server runs it, `/api` past Koa and the rest
     * through it. `middleware`: only `app.use(bff.middleware)`, every request through Koa.
     */
    mount?: 'listener' | 'middleware';
  } = {},
): Promise<Stack> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const bffServer = await listenOnLoopback();
  const bffUrl = `http://localhost:${bffServer.port}`;
  const idp = await startIdp({
    clients: [bffClient(bffUrl)],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  const api = await startApi({ issuer: idp.issuer });
  const store = options.store ?? createMemoryStore(options.fakeClock ? { now } : {});
  const logLines: string[] = [];
  const { createLogger } = await import('./capture-logger.ts');
  const app = new Koa();
  app.silent = true;
  const bff = createBff(
    {
      publicUrl: bffUrl,
      issuer: idp.issuer,
      clientId: 'cloakroom-bff',
      clientSecret: 'cloakroom-dev-secret',
      apiUpstream: options.apiUpstream ?? api.url,
      backend: { store },
      secrets: ['integration-test-secret-0123456789'],
      logger: createLogger(logLines),
      ...(options.fakeClock ? { now } : {}),
      ...options.bffOptions,
      // Routes may name the sample API as `{api}`, unknown before it listens.
      ...(options.bffOptions?.routes
        ? {
            routes: options.bffOptions.routes.map((route) => ({
              ...route,
              upstream: route.upstream.replace('{api}', api.url),
            })),
          }
        : {}),
    },
    app,
  );
  const backchannelTokens: string[] = [];
  app.use(async (ctx, next) => {
    // Records the logout tokens the IdP sends, so tests can replay them, then hands the body on.
    if (ctx.path !== '/bff/backchannel-logout' || ctx.method !== 'POST') return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const token = new URLSearchParams(body.toString()).get('logout_token');
    if (token) backchannelTokens.push(token);
    const replay = Object.assign(Readable.from([body]), { headers: ctx.req.headers });
    ctx.req = replay as unknown as typeof ctx.req;
    await next();
  });
  app.use(bff.middleware);
  app.use(async (ctx) => {
    ctx.body = `<!doctype html><title>SPA</title><p>page ${ctx.path}</p>`;
  });
  bffServer.attach(options.mount === 'middleware' ? app.callback() : bff.listener(app.callback()));

  const call = (browser: HttpBrowser, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('x-csrf')) headers.set('x-csrf', '1');
    return browser.request(new URL(path, bffUrl).href, { ...init, headers });
  };

  return {
    bffUrl,
    apiUrl: api.url,
    idp,
    bff,
    store,
    logLines,
    backchannelTokens,
    call,
    advance(ms) {
      offset += ms;
    },
    async login(user = { login: 'alice', password: 'alice-pw' }, returnTo) {
      const browser = new HttpBrowser();
      const result = await loginOverHttp(browser, bffUrl, {
        ...user,
        ...(returnTo ? { returnTo } : {}),
      });
      if (!result.finalUrl.startsWith(bffUrl)) {
        throw new Error(`login ended at ${result.finalUrl} (${result.response.status})`);
      }
      await result.response.body?.cancel();
      return browser;
    },
    async close() {
      await bffServer.close();
      await bff.close();
      await api.close();
      await idp.close();
    },
  };
}
