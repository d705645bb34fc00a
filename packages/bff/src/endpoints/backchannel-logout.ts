import type { Middleware } from 'koa';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { BffError } from '../errors/bff-error.ts';
import { readForm } from '../middleware/read-form.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { guard } from '../session/koa-session-store.ts';
import type { SessionStore } from '../session/session-store.ts';

const backchannelEvent = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * `POST /bff/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0): the IdP tells us a
 * user's session ended there. The `logout_token` is verified against the IdP's keys (signature,
 * `iss`, `aud`, `iat`, `jti`, the back-channel `events` claim, `sid` and/or `sub`, no `nonce`,
 * `typ` of `logout+jwt` when present); a `jti` seen before is a replay. Every session with that
 * `sid` (or, without one, that `sub`) is destroyed in the shared store, so on every instance.
 */
export function backchannelLogout(deps: {
  oidc: OidcClient;
  store: SessionStore;
  clientId: string;
  logger: Logger;
  onLogout: (outcome: 'success' | 'rejected', sessions: number) => void;
}): Middleware {
  let jwks: { uri: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined;
  const keysFor = (uri: string) => {
    if (jwks?.uri !== uri) jwks = { uri, keys: createRemoteJWKSet(new URL(uri)) };
    return jwks.keys;
  };
  const invalid = (why: string) =>
    new BffError('invalid_logout_token', `Invalid logout token: ${why}.`);

  return async function receiveLogout(ctx) {
    const form = await readForm(ctx);
    const token = form.get('logout_token');
    if (!token) throw invalid('missing');
    const metadata = await deps.oidc.metadata();
    if (!metadata.jwks_uri) throw new BffError('idp_error', 'The identity provider has no JWKS.');

    let payload: JWTPayload;
    try {
      const header = decodeProtectedHeader(token);
      if (header.typ !== undefined && header.typ.toLowerCase() !== 'logout+jwt')
        throw invalid('typ');
      ({ payload } = await jwtVerify(token, keysFor(metadata.jwks_uri), {
        issuer: metadata.issuer,
        audience: deps.clientId,
        requiredClaims: ['iat', 'jti'],
        maxTokenAge: '5 minutes',
        clockTolerance: 30,
      }));
    } catch (error) {
      deps.onLogout('rejected', 0);
      if (error instanceof BffError) throw error;
      throw invalid('verification failed');
    }

    const events = payload.events as Record<string, unknown> | undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const problem =
      typeof events !== 'object' || events === null || typeof events[backchannelEvent] !== 'object'
        ? 'events'
        : 'nonce' in payload
          ? 'nonce'
          : !sid && !sub
            ? 'sid or sub'
            : undefined;
    if (problem) {
      deps.onLogout('rejected', 0);
      throw invalid(problem);
    }
    const fresh = await guard(() =>
      deps.store.rememberOnce(`bcl:${metadata.issuer}:${String(payload.jti)}`, 10 * 60 * 1000),
    );
    if (!fresh) {
      deps.onLogout('rejected', 0);
      throw invalid('replayed');
    }

    const count = await guard(() =>
      sid ? deps.store.destroyBySid(sid) : deps.store.destroyBySub(sub!),
    );
    deps.logger.info({ sessions: count }, 'back-channel logout');
    deps.onLogout('success', count);
    ctx.status = 200;
    ctx.body = '';
  };
}
