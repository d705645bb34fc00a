// The sender constraint of DPoP-bound tokens at the API (RFC 9449 §7): a token with `cnf` is
// accepted only as `Authorization: DPoP <token>` with a proof by the key it is bound to; a
// token without `cnf` only as Bearer. Plain Bearer tokens keep working as before.
import type { Context } from 'koa';
import type { Principal } from '../verify-access-token.ts';
import {
  boundTokenAsBearer,
  dpopInvalidToken,
  invalidDpopProof,
  useDpopNonce,
} from './dpop-challenge.ts';
import { createDpopNonces, type DpopNonces } from './dpop-nonces.ts';
import { createDpopReplayCache, type DpopReplayCache } from './dpop-replay-cache.ts';
import { DPOP_MAX_AGE_SECONDS, verifyDpopProof } from './verify-dpop-proof.ts';

/** The `Authorization` scheme a token came with. */
export type AuthorizationScheme = 'bearer' | 'dpop';

/** Checks that the sender of a verified token may use it; throws the API's 401 otherwise. */
export type SenderConstraint = (
  ctx: Context,
  scheme: AuthorizationScheme,
  token: string,
  principal: Principal,
) => Promise<void>;

/** Options of {@link dpopSenderConstraint}. */
export interface DpopSenderConstraintOptions {
  /** Require a nonce this API issued in every proof (`API_DPOP_NONCE=true`). Default false. */
  nonce?: boolean;
  /** Default: {@link createDpopNonces} with a 300 s step. */
  nonces?: DpopNonces;
  /** Default: {@link createDpopReplayCache} (100 000 entries). */
  replayCache?: DpopReplayCache;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The key a token is bound to: its `cnf.jkt`, `null` for an unbound token, `'other'` for a binding this API cannot check. */
function bindingOf(principal: Principal): string | null | 'other' {
  const { cnf } = principal.claims;
  if (cnf === undefined) return null;
  if (typeof cnf === 'object' && cnf !== null && 'jkt' in cnf && typeof cnf.jkt === 'string') {
    return cnf.jkt;
  }
  return 'other';
}

/**
 * The DPoP check for {@link requireBearer}: the proof (see `verifyDpopProof`), the nonce when
 * required (`401 use_dpop_nonce` + `DPoP-Nonce`), `cnf.jkt` = the proof key's thumbprint, and
 * the proof's `jti` unseen (kept while its `iat` could still pass). A bound token sent as
 * Bearer is `401 invalid_token` with both a Bearer and a DPoP challenge.
 *
 * @example
 * ```ts
 * app.use(requireBearer(verify, dpopSenderConstraint({ nonce: env.API_DPOP_NONCE === 'true' })));
 * ```
 */
export function dpopSenderConstraint(options: DpopSenderConstraintOptions = {}): SenderConstraint {
  const now = options.now ?? Date.now;
  const nonces = options.nonce ? (options.nonces ?? createDpopNonces({ now })) : undefined;
  const seen = options.replayCache ?? createDpopReplayCache({ now });
  return async function checkDpop(ctx, scheme, token, principal) {
    const binding = bindingOf(principal);
    if (scheme === 'bearer') {
      if (binding !== null) throw boundTokenAsBearer();
      return;
    }
    const host = ctx.get('host');
    if (!host) throw invalidDpopProof('a DPoP request needs a Host header');
    const at = now();
    const proof = await verifyDpopProof({
      proof: ctx.get('dpop') || undefined,
      method: ctx.method,
      url: `http://${host}${ctx.path}`,
      accessToken: token,
      now: at,
    });
    if (nonces && (proof.nonce === undefined || !nonces.accepts(proof.nonce))) {
      throw useDpopNonce(
        nonces.current(),
        proof.nonce === undefined
          ? 'this API requires a DPoP nonce: retry with the one in DPoP-Nonce'
          : 'the DPoP nonce is stale or unknown: retry with the one in DPoP-Nonce',
      );
    }
    if (binding === null) throw dpopInvalidToken('the access token is not DPoP-bound');
    if (binding !== proof.thumbprint) {
      throw dpopInvalidToken('the access token is not bound to the key of the DPoP proof');
    }
    // Remembered only once everything else passed: a refused proof may be fixed and resent.
    // Kept a second past the last moment the iat window could admit it.
    const remembered = seen.remember(
      `${proof.thumbprint}:${proof.jti}`,
      (proof.iat + DPOP_MAX_AGE_SECONDS + 1) * 1000,
    );
    if (remembered === 'replayed') throw invalidDpopProof('the DPoP proof was used before');
    if (remembered === 'full') {
      throw invalidDpopProof('too many recent DPoP proofs to remember: retry shortly');
    }
    // RFC 9449 §8.2: a fresher nonce may come with any answer; the client uses it next time.
    if (nonces && proof.nonce !== nonces.current()) ctx.set('DPoP-Nonce', nonces.current());
  };
}
