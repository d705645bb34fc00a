import type { OidcClient } from '../oidc/oidc-client.ts';
import { withDeadline } from '../redis/with-deadline.ts';
import type { SessionStore } from '../session/session-store.ts';

/** What `/readyz` reports. */
export interface Readiness {
  ready: boolean;
  checks: { sessionStore: 'ok' | 'unavailable'; idpMetadata: 'ok' | 'unavailable' };
}

/** Bound on each probe: a stalled dependency reads as unavailable, not as a hang. */
const probeMs = 2_000;

/**
 * Whether the session store answers `ping` and the IdP's metadata can be fetched, both probed at
 * once, each within two seconds. Never throws: a failed probe is `unavailable`.
 *
 * @example
 * const check = readiness({ store, oidc });
 * const { ready, checks } = await check();
 */
export function readiness(deps: {
  store: Pick<SessionStore, 'ping'>;
  oidc: Pick<OidcClient, 'probe'>;
}): () => Promise<Readiness> {
  const check = async (probe: () => Promise<unknown>) => {
    try {
      await withDeadline(probe(), probeMs, 'readiness probe');
      return 'ok' as const;
    } catch {
      return 'unavailable' as const;
    }
  };
  return async function checkReadiness() {
    const [sessionStore, idpMetadata] = await Promise.all([
      check(() => deps.store.ping()),
      check(() => deps.oidc.probe(probeMs)),
    ]);
    return {
      ready: sessionStore === 'ok' && idpMetadata === 'ok',
      checks: { sessionStore, idpMetadata },
    };
  };
}
