import type { IdpClient } from './types.ts';

/**
 * The client id of the BFF's `private_key_jwt` registration.
 *
 * @example
 * ```ts
 * loadConfig({ OIDC_CLIENT_ID: PKJWT_CLIENT_ID, OIDC_CLIENT_AUTH: 'private_key_jwt', ... });
 * ```
 */
export const PKJWT_CLIENT_ID = 'cloakroom-bff-pkjwt';

/** The BFF's URIs at `publicUrl`, shared by both of its registrations. */
function bffUris(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    redirectUris: [`${base}/bff/callback`],
    postLogoutRedirectUris: [`${base}/`],
    backchannelLogoutUri: `${base}/bff/backchannel-logout`,
  };
}

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
  return { clientId, clientSecret, ...bffUris(publicUrl) };
}

/**
 * The BFF's second registration, `cloakroom-bff-pkjwt`, authenticating with `private_key_jwt`:
 * its public keys come from the BFF's `<publicUrl>/bff/jwks`, or from `jwks` when given.
 *
 * @example
 * ```ts
 * const idp = await startIdp({ clients: [bffClient(url), bffPkjwtClient(url)] });
 * ```
 */
export function bffPkjwtClient(
  publicUrl: string,
  keys: { jwks?: IdpClient['jwks'] } = {},
): IdpClient {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    clientId: PKJWT_CLIENT_ID,
    clientSecret: '',
    tokenEndpointAuthMethod: 'private_key_jwt',
    ...(keys.jwks ? { jwks: keys.jwks } : { jwksUri: `${base}/bff/jwks` }),
    ...bffUris(publicUrl),
  };
}
