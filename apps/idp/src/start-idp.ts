import { createServer } from 'node:http';
import { listen } from '@cloakroom/http-server';
import { createIdp } from './create-idp.ts';
import type { IdpOptions, RunningIdp } from './types.ts';

/** Options of {@link startIdp}: the issuer is optional, it defaults to the listening URL. */
export type StartIdpOptions = Omit<IdpOptions, 'issuer'> & {
  issuer?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
};

/**
 * Starts the dev IdP. Without an issuer it listens first and then uses
 * `http://127.0.0.1:<actual port>` as the issuer, so tests can listen on port 0. With a tenant
 * issuer (the `entra` profile) that URL is the base, and the issuer `<base>/<tenant>/v2.0`.
 *
 * @example
 * ```ts
 * const idp = await startIdp({ clients: [bffClient(bffUrl)], accessTokenTtlSeconds: 2 });
 * // or: startIdp({ clients, profile: 'entra' }); configure the BFF with idp.bffIssuer
 * // ... idp.stats.grants.refresh_token
 * await idp.close();
 * ```
 */
export async function startIdp(options: StartIdpOptions): Promise<RunningIdp> {
  const { port = 0, host = '127.0.0.1', issuer: givenIssuer, ...rest } = options;
  const server = createServer();
  const listening = await listen(server, { port, host });
  const url = listening.url;
  const issuer = givenIssuer ?? `http://127.0.0.1:${listening.port}`;
  let created;
  try {
    created = createIdp({ ...rest, issuer });
  } catch (err) {
    await listening.close();
    throw err;
  }
  server.on('request', created.handler);
  return {
    issuer: created.issuer,
    bffIssuer: created.bffIssuer,
    behaviour: created.behaviour,
    url,
    stats: created.stats,
    provider: created.provider,
    close: listening.close,
  };
}
