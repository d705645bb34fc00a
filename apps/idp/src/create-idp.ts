import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider } from 'oidc-provider';
import { interactionRouter } from './interactions/router.ts';
import { providerConfiguration } from './provider/configuration.ts';
import { resolveOptions } from './resolve-options.ts';
import { countProviderEvents, createStats } from './stats.ts';
import type { IdpOptions, IdpStats } from './types.ts';

/** What {@link createIdp} returns: the provider, its live counters, and a node:http handler. */
export interface CreatedIdp {
  provider: Provider;
  stats: IdpStats;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Builds the dev OpenID Provider without listening. Throws a TypeError on bad options.
 *
 * @example
 * ```ts
 * const { handler, stats } = createIdp({
 *   issuer: 'http://127.0.0.1:4000',
 *   clients: [bffClient('http://localhost:3000')],
 * });
 * http.createServer(handler).listen(4000, '127.0.0.1');
 * ```
 */
export function createIdp(options: IdpOptions): CreatedIdp {
  const resolved = resolveOptions(options);
  const provider = new Provider(resolved.issuer, providerConfiguration(resolved));
  const stats = createStats();
  countProviderEvents(provider, stats);
  provider.use(interactionRouter(provider).routes());
  provider.on('server_error', (_ctx, err) => {
    console.error('idp: server_error:', err.message);
  });
  const callback = provider.callback();
  return {
    provider,
    stats,
    handler: (req, res) => {
      // Koa answers its own errors; a rejection here would be a bug in that, so drop the socket.
      callback(req, res).catch(() => res.destroy());
    },
  };
}
