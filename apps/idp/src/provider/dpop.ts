// DPoP (RFC 9449) at the dev IdP. oidc-provider 9 does the protocol itself once
// `features.dPoP` is on (it is by default): it verifies proofs at the token and PAR endpoints
// (signature with the embedded `jwk`, `typ: dpop+jwt`, `htm`, `htu`, `iat` within 300 s, `ath`,
// `jti` replay per client), binds access tokens (`cnf.jkt`, `token_type: DPoP`) and, for public
// clients only, refresh tokens. What is ours: stating the algorithms, the nonce switch, and the
// per-client `dpop_bound_access_tokens` (RFC 9449 §5.2) that `requireDpop` turns on.
import { randomBytes } from 'node:crypto';
import type { Configuration } from 'oidc-provider';

type DpopFeature = NonNullable<NonNullable<Configuration['features']>['dPoP']>;

/**
 * The proof algorithms the dev IdP accepts: ES256 and EdDSA over Ed25519 (`Ed25519` is the
 * fully-specified name of the latter, RFC 9864). No RSA: a BFF signs a proof per request, and
 * RSA signing costs several times more CPU.
 */
export const DPOP_SIGNING_ALGS = ['ES256', 'EdDSA', 'Ed25519'] as const;

/** Options of {@link dpopFeature}. */
export interface DpopFeatureOptions {
  /** Every proof at the token and PAR endpoints must carry a nonce this IdP issued. */
  nonce: boolean;
}

/**
 * `features.dPoP` of the provider. With `nonce`, a proof without a server nonce gets
 * `400 {"error":"use_dpop_nonce"}` and a `DPoP-Nonce` header to retry with. The nonces are
 * derived (HKDF) from a secret made per start and a 60-second time step; oidc-provider accepts
 * the two steps before and after the current one.
 *
 * @example
 * ```ts
 * features: { dPoP: dpopFeature({ nonce: true }) }
 * ```
 */
export function dpopFeature(options: DpopFeatureOptions): DpopFeature {
  return {
    enabled: true,
    // Random per start, as the cookie keys: a restart simply asks clients for a fresh nonce.
    ...(options.nonce ? { nonceSecret: randomBytes(32) } : {}),
    requireNonce: () => options.nonce,
    allowReplay: false,
  };
}
