import type { IncomingMessage } from 'node:http';
import type { DpopKeyCache } from '../dpop/dpop-key-cache.ts';
import type { DpopKey } from '../dpop/dpop-key.ts';
import { dpopProof } from '../dpop/dpop-proof.ts';
import type { UpstreamNonces } from '../dpop/upstream-nonces.ts';
import { BffError } from '../errors/bff-error.ts';
import type { LiveSession } from '../live/live.ts';
import type { LifetimeKeeper } from '../session/session-lifetime.ts';
import type { SessionReader } from '../session/session-reader.ts';
import type { ClientTokenKeeper } from '../tokens/client-token-keeper.ts';
import type { TokenKeeper } from '../tokens/token-keeper.ts';
import type { ResolvedRoute } from './route-table.ts';

/** What goes in `Authorization` upstream, and whether the browser must drop its session cookie. */
export interface AttachedToken {
  accessToken?: string | undefined;
  /** For a DPoP-bound token: the key that signs its proofs. */
  dpopKey?: DpopKey | undefined;
  clearCookie?: boolean;
  /** The session the token came from, which a live connection is bound to. */
  live?: LiveSession | undefined;
}
const anonymous: AttachedToken = {};
const endedAnonymous: AttachedToken = { clearCookie: true };
export interface RouteTokenDeps {
  sessions: SessionReader;
  lifetime: LifetimeKeeper;
  tokens: TokenKeeper;
  clientTokens: ClientTokenKeeper;
  /** With DPoP on: sessions' keys, the client-credentials key, upstreams' nonces. */
  dpop?: {
    keys: DpopKeyCache;
    clientKey: DpopKey;
    nonces: UpstreamNonces;
  };
  now: () => number;
}

/**
 * The token each route's upstream gets (the contract's token types), for proxied requests and
 * WebSocket upgrades alike, and the DPoP proof that goes with a bound one.
 *
 * @example
 * const { tokenFor } = createRouteTokens(deps);
 * const attached = await tokenFor(req, route); // throws the request's BffError
 */
export function createRouteTokens(deps: RouteTokenDeps) {
  // A refusal that ends the session also tells the browser to drop its cookie.
  const clearingCookie = (error: BffError) =>
    new BffError(error.code, error.message, {
      cause: error.cause,
      headers: { ...error.headers, 'Set-Cookie': deps.sessions.clearCookieHeader },
    });
  /** A fresh DPoP proof for this request to the route's upstream, with its latest nonce. */
  function proveTo(route: ResolvedRoute, method: string, path: string, attached: AttachedToken) {
    const queryAt = path.indexOf('?');
    const htu = `${route.upstreamOrigin}${queryAt === -1 ? path : path.slice(0, queryAt)}`;
    return dpopProof(
      attached.dpopKey!,
      {
        htm: method,
        htu,
        accessToken: attached.accessToken,
        nonce: deps.dpop!.nonces.get(route.upstreamOrigin),
      },
      Math.floor(deps.now() / 1000),
    );
  }

  /** The access token the route's upstream gets, if any (the contract's token types). */
  async function tokenFor(req: IncomingMessage, route: ResolvedRoute): Promise<AttachedToken> {
    switch (route.token) {
      case 'none':
        return anonymous;
      case 'client': {
        const token =
          deps.clientTokens.freshAccessToken(route) ?? (await deps.clientTokens.accessToken(route));
        if (!token.ok) throw token.error;
        return token.tokenType === 'DPoP'
          ? { accessToken: token.accessToken, dpopKey: deps.dpop?.clientKey }
          : { accessToken: token.accessToken };
      }
      default:
        return userToken(req, route);
    }
  }

  /**
   * The session's token for the route. `user` needs a live session. `user-or-none` goes on
   * without one — also when the cookie names a session that has just ended: that request is
   * served anonymously, and its answer tells the browser to drop the cookie.
   */
  async function userToken(req: IncomingMessage, route: ResolvedRoute): Promise<AttachedToken> {
    const optional = route.token === 'user-or-none';
    const found = await deps.sessions.read(req.headers.cookie);
    if (!found) {
      if (optional) return anonymous;
      throw new BffError('unauthenticated');
    }
    if (deps.lifetime.hasEnded(found.session)) {
      await deps.lifetime.end(found.key);
      if (optional) return endedAnonymous;
      throw clearingCookie(new BffError('session_expired'));
    }
    const touching = deps.lifetime.touchIfDue(found.key, found.session);
    if (touching) await touching;
    const token =
      deps.tokens.freshAccessToken(found.session, route) ??
      (await deps.tokens.accessToken(found.key, found.session, route));
    if (token.ok) {
      const live = { key: found.key, session: found.session, route };
      if (token.tokenType !== 'DPoP' || !found.session.dpopKey) {
        return { accessToken: token.accessToken, live };
      }
      return {
        accessToken: token.accessToken,
        dpopKey: deps.dpop?.keys.load(found.session.dpopKey),
        live,
      };
    }
    if (!token.sessionEnded) throw token.error;
    if (optional) return endedAnonymous;
    throw clearingCookie(token.error);
  }

  return { tokenFor, proveTo };
}
