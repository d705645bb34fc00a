import type { Context, Middleware } from 'koa';
import { createRemoteJWKSet } from 'jose';
import { BffError } from '../errors/bff-error.ts';
import { noStore } from '../middleware/no-store.ts';
import { readForm } from '../middleware/read-form.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { verifyLogoutToken } from '../oidc/verify-logout-token.ts';
import { guardStoreCall } from '../session/guard-store-call.ts';
import type { SessionStore } from '../session/session-store.ts';

/**
 * `POST /bff/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0): the IdP tells us a
 * user's session ended there. A verified token whose `jti` was not seen before destroys every
 * session with its `sid` (or, without one, its `sub`) in the shared store, so on every instance.
 * Anything invalid, or a replay, is `400 invalid_logout_token`. A replay is recognised only
 * after its destroy ran again (the store contract has no read-only "seen?"), which is harmless
 * for a `sid` (that IdP session is over) and, for a `sub`-only token, bounded by its 5-minute age.
 */
export function backchannelLogout(deps: {
  oidc: OidcClient;
  store: SessionStore;
  clientId: string;
  clockToleranceSeconds: number;
  logger: Logger;
  now: () => number;
  onLogout: (outcome: 'success' | 'rejected', sessions: number) => void;
  /** Told of the sessions each verified logout ended (their live connections close on it). */
  onSessionsEnded: (end: { sid: string } | { sub: string }, count: number) => void;
}): Middleware[] {
  let jwks: { uri: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined;
  const keysFor = (uri: string) => {
    if (jwks?.uri !== uri) jwks = { uri, keys: createRemoteJWKSet(new URL(uri)) };
    return jwks.keys;
  };
  const reject = (why: string): never => {
    deps.onLogout('rejected', 0);
    throw new BffError('invalid_logout_token', `Invalid logout token: ${why}.`);
  };

  return [noStore, receiveLogout];

  async function receiveLogout(ctx: Context) {
    const form = await readForm(ctx);
    const token = form.get('logout_token');
    if (!token) return reject('missing');
    const metadata = await deps.oidc.metadata();
    if (!metadata.jwks_uri) throw new BffError('idp_error', 'The identity provider has no JWKS.');

    const result = await verifyLogoutToken(token, {
      keys: keysFor(metadata.jwks_uri),
      issuer: (claims) => deps.oidc.expectedIssuer(claims),
      clientId: deps.clientId,
      clockToleranceSeconds: deps.clockToleranceSeconds,
      now: deps.now,
    });
    if (!result.ok) return reject(result.problem);
    const { sid, sub, jti } = result.target;
    // The sessions go first and the `jti` is recorded only once they are gone: a store failure
    // answers 503 and the IdP's retry of the same token must still work, not meet a "replay".
    // (Two deliveries racing both destroy, which is idempotent; the second is then a replay.)
    const count = await guardStoreCall(() =>
      sid ? deps.store.destroyBySid(sid) : deps.store.destroyBySub(sub!),
    );
    // Also when none was found here: another instance may still hold their live connections.
    deps.onSessionsEnded(sid ? { sid } : { sub: sub! }, count);
    const first = await guardStoreCall(() =>
      deps.store.rememberOnce(`bcl:${metadata.issuer}:${jti}`, 10 * 60 * 1000),
    );
    if (!first) return reject('replayed');
    deps.logger.info({ sessions: count }, 'back-channel logout');
    deps.onLogout('success', count);
    ctx.status = 200;
    ctx.body = '';
  }
}
