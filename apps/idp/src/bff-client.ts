import type { IdpClient } from './types.ts';

/**
 * The client registration of a Cloakroom BFF served at `publicUrl`.
 *
 * @example
 * ```ts
 * const idp = await startIdp({ clients: [bffClient('http://localhost:3000')] });
 * ```
 */
export function bffClient(
  publicUrl: string,
  clientId = 'cloakroom-bff',
  clientSecret = 'cloakroom-dev-secret',
): IdpClient {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    clientId,
    clientSecret,
    redirectUris: [`${base}/bff/callback`],
    postLogoutRedirectUris: [`${base}/`],
    backchannelLogoutUri: `${base}/bff/backchannel-logout`,
  };
}
