// The one place where a test builds a BFF with `createBff`: when its options change, this file
// changes (apps/bff's createServer and the bench's BFF child are the other two callers).
import type { RequestListener } from 'node:http';
import { Readable } from 'node:stream';
import Koa from 'koa';
import {
  createBff,
  createMemoryStore,
  openSessionBackend,
  type Bff,
  type BffOptions,
  type Logger,
  type SessionBackend,
  type SessionStore,
} from '@cloakroom/bff';

/** The session secret of every library-mode BFF a test starts (tests decode sessions with it). */
export const testSessionSecret = 'integration-test-secret-0123456789';

export interface LibraryBffOptions {
  publicUrl: string;
  issuer: string;
  apiUpstream: string;
  /**
   * A store, or a `SESSION_STORE` value (`memory`, `sqlite:<file>`, `redis://…`) opened as
   * apps/bff opens it (redis brings its refresh coordinator). Default: a memory store on `now`.
   */
  store?: SessionStore | string;
  logger: Logger;
  /** The BFF's clock (and its default memory store's). */
  now?: () => number;
  /** Over the dev client and the test secret; routes already resolved. */
  bffOptions?: Partial<BffOptions>;
  /**
   * `listener` (default): as the deployable server runs it, `/api` past Koa and the rest
   * through it. `middleware`: only `app.use(bff.middleware)`, every request through Koa.
   */
  mount?: 'listener' | 'middleware';
}

export interface LibraryBff {
  bff: Bff;
  store: SessionStore;
  /** What the HTTP server runs. */
  handler: RequestListener;
  /** The server's `'upgrade'` listener (WebSockets). */
  upgrade: ReturnType<Bff['upgradeListener']>;
  /** Logout tokens the IdP sent to the back-channel endpoint, in order. */
  backchannelTokens: string[];
}

/**
 * `createBff` on a fresh Koa app with the dev IdP's client, the back-channel logout tokens
 * recorded on the way in, and a placeholder page where the SPA would be.
 *
 * @example
 * const { handler } = await startLibraryBff({ publicUrl, issuer, apiUpstream, logger });
 * listener.attach(handler);
 */
export async function startLibraryBff(options: LibraryBffOptions): Promise<LibraryBff> {
  const { now } = options;
  const backend = await openBackend(options.store, now);
  const app = new Koa();
  app.silent = true;
  const bff = createBff(
    {
      publicUrl: options.publicUrl,
      issuer: options.issuer,
      clientId: 'cloakroom-bff',
      clientSecret: 'cloakroom-dev-secret',
      apiUpstream: options.apiUpstream,
      backend,
      secrets: [testSessionSecret],
      logger: options.logger,
      ...(now ? { now } : {}),
      ...options.bffOptions,
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
  const handler = options.mount === 'middleware' ? app.callback() : bff.listener(app.callback());
  return {
    bff,
    store: backend.store,
    handler,
    upgrade: bff.upgradeListener(),
    backchannelTokens,
  };
}

async function openBackend(
  store: SessionStore | string | undefined,
  now: (() => number) | undefined,
): Promise<SessionBackend> {
  if (store === undefined) return { store: createMemoryStore(now ? { now } : {}) };
  if (typeof store !== 'string') return { store };
  const backend = await openSessionBackend(store);
  // A store that cannot answer fails the start, not the first request.
  await backend.store.ping();
  return backend;
}
