import { createHash } from 'node:crypto';
import type { Sealer } from '../crypto/sealer.ts';
import type { DpopKey } from '../dpop/dpop-key.ts';
import { BffError } from '../errors/bff-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import type { ResourceAccessToken } from '../session/session-data.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { RefreshCoordinator } from './refresh-coordinator.ts';
import { isFresh } from './renewal-due.ts';
import { handOut, type AccessTokenResult } from './token-keeper.ts';
import { tokenSlot, type TokenRequest } from './token-slot.ts';

/**
 * The `sub` client-token records carry in the store: no IdP names a user this way, so they never
 * show among a user's sessions or fall to a user's "log out everywhere".
 */
export const clientTokenSubject = 'cloakroom:client-credentials';

export interface ClientTokenKeeperDeps {
  store: SessionStore;
  /** Seals the cached tokens in the store (its own purpose, not the sessions' keys). */
  sealer: Sealer;
  oidc: OidcClient;
  coordinator: RefreshCoordinator;
  refreshSkewMs: number;
  now: () => number;
  logger: Logger;
  onGrant?: (outcome: 'success' | 'reused' | 'failed') => void;
  /** With DPoP: the key every instance derives alike, so a shared token works on any of them. */
  dpopKey?: DpopKey | undefined;
}

/**
 * Client-credentials tokens of the BFF's own client, one per (resource, scope), shared by every
 * session and every instance: the `client` routes' tokens.
 *
 * Each instance keeps the tokens in memory, so the common path reads no store. A token about to
 * expire is renewed under the coordinator's lock for its slot; inside it the store is read
 * first, since another instance may have renewed it a moment ago, and only then is a grant sent.
 * The new token goes to the store sealed (as session tokens are), with the token's own expiry.
 * An IdP failure is `503 idp_unavailable` for the calls waiting on it, and nothing is
 * remembered of it: the next call tries again.
 *
 * @example
 * const clientTokens = createClientTokenKeeper({ store, sealer, oidc, coordinator, ... });
 * const result = await clientTokens.accessToken({ resource: 'urn:reports' });
 */
export function createClientTokenKeeper(deps: ClientTokenKeeperDeps) {
  const known = new Map<string, ResourceAccessToken>();
  const inFlight = new Map<string, Promise<AccessTokenResult>>();
  const fresh = (token: ResourceAccessToken | undefined): token is ResourceAccessToken =>
    token !== undefined && isFresh(token, deps.refreshSkewMs, deps.now());
  const storeKeyOf = (slot: string) =>
    `client-token:${createHash('sha256').update(slot).digest('base64url')}`;

  async function readShared(key: string): Promise<ResourceAccessToken | undefined> {
    const record = await guardStoreCall(() => deps.store.get(key));
    const plain = record && deps.sealer.open(record.data, key);
    return plain ? (JSON.parse(plain) as ResourceAccessToken) : undefined;
  }

  async function renew(slot: string, request: TokenRequest): Promise<AccessTokenResult> {
    const key = storeKeyOf(slot);
    const shared = await readShared(key);
    if (fresh(shared)) {
      known.set(slot, shared);
      deps.onGrant?.('reused');
      return handOut(shared);
    }
    let token: ResourceAccessToken;
    try {
      token = await deps.oidc.clientCredentials(request, deps.dpopKey);
    } catch (error) {
      deps.onGrant?.('failed');
      const failure = error instanceof BffError ? error : new BffError('idp_unavailable');
      deps.logger.warn({ code: failure.code }, 'client credentials grant failed');
      // However the IdP refused, this is not the browser's fault and not its session's.
      const answer =
        failure.code === 'idp_error' || failure.code === 'idp_unavailable'
          ? failure
          : new BffError('idp_unavailable', { cause: failure });
      return { ok: false, error: answer, sessionEnded: false };
    }
    known.set(slot, token);
    deps.onGrant?.('success');
    // Shared for the other instances; when the store fails, this instance still has the token
    // and the others get their own at worst.
    await guardStoreCall(() =>
      deps.store.set(key, {
        data: deps.sealer.seal(JSON.stringify(token), key),
        sub: clientTokenSubject,
        expiresAt: token.expiresAt,
      }),
    ).catch(() => deps.logger.warn('could not share a client token through the session store'));
    return handOut(token);
  }

  return {
    /** The token when this instance holds it fresh: no promise on the common path. */
    freshAccessToken(request: TokenRequest): AccessTokenResult | undefined {
      const token = known.get(tokenSlot(request));
      return fresh(token) ? handOut(token) : undefined;
    },
    /** A fresh token for `request`, renewed once across callers and instances when due. */
    accessToken(request: TokenRequest): Promise<AccessTokenResult> {
      const slot = tokenSlot(request);
      const token = known.get(slot);
      if (fresh(token)) return Promise.resolve(handOut(token));
      const running = inFlight.get(slot);
      if (running) return running;
      const flight = deps.coordinator
        .run(storeKeyOf(slot), () => renew(slot, request))
        .catch((error: unknown): AccessTokenResult => {
          const failure = error instanceof BffError ? error : new BffError('internal');
          return { ok: false, error: failure, sessionEnded: false };
        })
        .finally(() => inFlight.delete(slot));
      inFlight.set(slot, flight);
      return flight;
    },
  };
}

export type ClientTokenKeeper = ReturnType<typeof createClientTokenKeeper>;
