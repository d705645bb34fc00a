import { bffClient, bffPkjwtClient } from '../bff-client.ts';
import { startIdp } from '../start-idp.ts';
import type { IdpBehaviour, IdpClient, IdpProfileName, RunningIdp } from '../types.ts';

/** Options of {@link startDevIdp}. */
export interface DevIdpOptions {
  accessTokenTtlSeconds?: number;
  /** More clients, besides the BFF's two (`cloakroom-bff` and `cloakroom-bff-pkjwt`). */
  clients?: IdpClient[];
  /** The real IdP to imitate. Default `'default'`. */
  idpProfile?: IdpProfileName;
  /** Switches over the profile's. */
  idpBehaviour?: Partial<IdpBehaviour>;
  /** Resource indicators (absolute URIs) it issues JWTs for, `aud` = the resource. */
  resources?: string[];
  /** DPoP proofs must carry a nonce the IdP issued (`IDP_DPOP_NONCE=true`). */
  dpopNonce?: boolean;
}

/**
 * The dev IdP on a free 127.0.0.1 port, knowing the BFF at `bffUrl` (its secret client and its
 * private_key_jwt client) and any other `clients`. Configure the BFF with `idp.bffIssuer`.
 * Its `close()` may be called twice: a test that stops the IdP itself leaves it to the stack.
 *
 * @example
 * const idp = await startDevIdp('http://localhost:3000', { accessTokenTtlSeconds: 37 });
 * const okta = await startDevIdp('http://localhost:3000', { idpProfile: 'okta' });
 * const billing = await startDevIdp(url, { resources: ['urn:cloakroom:billing'] });
 */
export async function startDevIdp(
  bffUrl: string,
  options: DevIdpOptions = {},
): Promise<RunningIdp> {
  const started = await startIdp({
    clients: [bffClient(bffUrl), bffPkjwtClient(bffUrl), ...(options.clients ?? [])],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    ...(options.idpProfile ? { profile: options.idpProfile } : {}),
    ...(options.idpBehaviour ? { behaviour: options.idpBehaviour } : {}),
    ...(options.resources?.length ? { resources: options.resources } : {}),
    ...(options.dpopNonce ? { dpopNonce: true } : {}),
  });
  let stopped: Promise<void> | undefined;
  return { ...started, close: () => (stopped ??= started.close()) };
}
