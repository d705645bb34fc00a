import type { ApiIdentity } from '@cloakroom/contract';
import type { ApiFetch } from '@cloakroom/react';

/**
 * What the API behind `routePath` says about the token it received: `GET <routePath>/me`.
 * Rejects with the BFF's code when the BFF cannot get a token or reach the API
 * (`idp_unavailable`, `upstream_unavailable`, …).
 *
 * @example
 * ```ts
 * const { aud, tokenFingerprint } = await getApiIdentity(api, '/api/billing');
 * ```
 */
export function getApiIdentity(api: ApiFetch, routePath: string): Promise<ApiIdentity> {
  return api<ApiIdentity>(`${routePath}/me`);
}
