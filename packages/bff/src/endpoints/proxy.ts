import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { DpopKeyCache } from '../dpop/dpop-key-cache.ts';
import type { DpopKey } from '../dpop/dpop-key.ts';
import { dpopProof } from '../dpop/dpop-proof.ts';
import type { UpstreamNonces } from '../dpop/upstream-nonces.ts';
import { answerError } from '../errors/answer-error.ts';
import { BffError } from '../errors/bff-error.ts';
import { checkSameOrigin, isProvenSameOriginRead } from '../middleware/require-csrf-header.ts';
import type { Logger } from '../observability/logger.ts';
import { matchedRoute, type RoutedRequest } from '../observability/request-route.ts';
import { downstreamHeaders, upstreamHeaders } from '../proxy/forward-headers.ts';
import { isSimpleBody, limitBody } from '../proxy/limit-body.ts';
import type { ResolvedRoute, RouteTable } from '../proxy/route-table.ts';
import { translateUpstreamError, type UpstreamResponse } from '../proxy/upstream-client.ts';
import { readStepUp, stepUpBody } from '../proxy/step-up-challenge.ts';
import { checkRequestTarget, joinUpstreamPath } from '../proxy/upstream-path.ts';
import type { LifetimeKeeper } from '../session/session-lifetime.ts';
import type { SessionReader } from '../session/session-reader.ts';
import type { ClientTokenKeeper } from '../tokens/client-token-keeper.ts';
import type { TokenKeeper } from '../tokens/token-keeper.ts';

const noBodyStatus = new Set([204, 304]);

/** What goes in `Authorization` upstream, and whether the browser must drop its session cookie. */
interface AttachedToken {
  accessToken?: string | undefined;
  /** For a DPoP-bound token: the key that signs its proofs. */
  dpopKey?: DpopKey | undefined;
  clearCookie?: boolean;
}
const anonymous: AttachedToken = {};
const endedAnonymous: AttachedToken = { clearCookie: true };
/** Answers up to this size are read whole and sent in one write; larger ones stream. */
const smallBodyBytes = 64 * 1024;

export interface ProxyDeps {
  routes: RouteTable;
  allowedOrigins: ReadonlySet<string>;
  sessions: SessionReader;
  lifetime: LifetimeKeeper;
  tokens: TokenKeeper;
  clientTokens: ClientTokenKeeper;
  publicUrl: URL;
  logger: Logger;
  /** Headers on every answer (the security headers). */
  answerHeaders: Readonly<Record<string, string>>;
  clientIp(req: IncomingMessage): string;
  /** With DPoP on: sessions' keys, the client-credentials key, upstreams' nonces. */
  dpop?: {
    keys: DpopKeyCache;
    clientKey: DpopKey;
    nonces: UpstreamNonces;
  };
  now: () => number;
}

/** Serves one `/api` request on the raw Node request and response; never rejects. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * `ANY /api/<rest>`: forwards to the matching route's upstream with the route's token: the
 * session's (`user`, `user-or-none`; per resource when the route names one), the BFF's own
 * client-credentials token (`client`), or none.
 *
 * This is the hot path of every API call, so it works on Node's request and response directly
 * (no Koa context, no middleware chain, no koa-session) and sends small answers in one write.
 * In order: the raw target is checked before routing; no route is 404; a method the route does
 * not allow is 405; a missing `X-CSRF` header (unless the route accepts proven same-origin reads)
 * or a cross-origin request is 403; a body a cross-site form could send without a preflight is
 * 415; no session on a `user` route is `401 unauthenticated` (an ended one `401 session_expired`,
 * which also clears the cookie), never a redirect. Every refusal is the contract's JSON error.
 */
export function proxy(deps: ProxyDeps): ApiHandler {
  // A refusal that ends the session also tells the browser to drop its cookie.
  const clearingCookie = (error: BffError) =>
    new BffError(error.code, error.message, {
      cause: error.cause,
      headers: { ...error.headers, 'Set-Cookie': deps.sessions.clearCookieHeader },
    });
  const errorDeps = { logger: deps.logger, headers: deps.answerHeaders };
  const clearingAnswer = {
    logger: deps.logger,
    answerHeaders: { ...deps.answerHeaders, 'Set-Cookie': deps.sessions.clearCookieHeader },
  };

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '';
    // Absolute-form targets (`GET http://host/api/x`) are refused before any routing.
    if (!url.startsWith('/')) throw new BffError('invalid_path');
    const target = checkRequestTarget(url);
    const match = deps.routes.match(target);
    if (!match) throw new BffError('not_found', 'No API route serves this path.');
    const { route } = match;
    (req as RoutedRequest)[matchedRoute] = route.path; // for the metrics and the span name
    const withBody = hasBody(req);
    admit(req, route, deps.allowedOrigins, withBody);
    const path = joinUpstreamPath(match.rest, target.query, route.upstreamBasePath);
    const attached = await tokenFor(req, route);

    const body = withBody ? limitBody(req, route.bodyLimit) : undefined;
    // A browser that goes away before the answer cancels the upstream call.
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    const send = () =>
      route.client.request({
        method: req.method ?? 'GET',
        path,
        headers: upstreamHeaders(req.headers, {
          accessToken: attached.accessToken,
          tokenType: attached.dpopKey ? 'DPoP' : undefined,
          dpopProof: attached.dpopKey && proveTo(route, req.method ?? 'GET', path, attached),
          clientIp: deps.clientIp(req),
          publicUrl: deps.publicUrl,
        }),
        body,
        signal: abort.signal,
      });
    let response = await send();
    if (attached.dpopKey) {
      // RFC 9449 §9: an upstream may ask for (or rotate) its nonce on any answer. A request
      // without a body is sent once more with it; one with a body has been consumed.
      const asked = deps.dpop!.nonces.learn(route.upstreamOrigin, response);
      if (asked && !withBody) {
        await response.body.dump();
        response = await send();
        deps.dpop!.nonces.learn(route.upstreamOrigin, response);
      }
    }
    await respond(req, res, response, attached.clearCookie ? clearingAnswer : deps);
  }

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
      if (token.tokenType !== 'DPoP' || !found.session.dpopKey) {
        return { accessToken: token.accessToken };
      }
      return {
        accessToken: token.accessToken,
        dpopKey: deps.dpop?.keys.load(found.session.dpopKey),
      };
    }
    if (!token.sessionEnded) throw token.error;
    if (optional) return endedAnonymous;
    throw clearingCookie(token.error);
  }

  return async function forwardToApi(req, res) {
    try {
      await forward(req, res);
    } catch (thrown) {
      answerError(req, res, thrown, errorDeps);
    }
  };
}

function admit(
  req: IncomingMessage,
  route: ResolvedRoute,
  allowedOrigins: ReadonlySet<string>,
  withBody: boolean,
) {
  const method = req.method ?? '';
  if (!route.methods.includes(method as (typeof route.methods)[number])) {
    throw new BffError('method_not_allowed', {
      headers: { Allow: route.methods.join(', ') },
    });
  }
  if (req.headers['x-csrf'] === '1') checkSameOrigin(req.headers, allowedOrigins);
  else if (!(
    route.sameOriginReads && isProvenSameOriginRead(method, req.headers, allowedOrigins)
  )) {
    throw new BffError('csrf');
  }
  if (withBody && !route.simpleBodies && isSimpleBody(req.headers['content-type'])) {
    throw new BffError('unsupported_media_type', 'Send a JSON (or other non-form) content type.');
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
}

/**
 * Sends the upstream's answer with our headers (they win over the upstream's). Small bodies are
 * read whole and sent with the headers in one write; large ones are piped with `pipeline`,
 * which owns every error of both streams (a browser closing mid-download must never surface as
 * an unhandled stream error).
 *
 * An upstream `401` that asks for a stronger login (RFC 9470) becomes `401 step_up_required`
 * with the `acrValues`/`maxAge` to log in with. Only a 401's header is looked at.
 */
async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  response: UpstreamResponse,
  deps: Pick<ProxyDeps, 'answerHeaders' | 'logger'>,
): Promise<void> {
  if (response.statusCode === 401) {
    const stepUp = readStepUp(response.headers['www-authenticate']);
    if (stepUp) {
      await response.body.dump();
      const body = JSON.stringify(stepUpBody(stepUp));
      res.writeHead(401, {
        ...deps.answerHeaders,
        'cache-control': 'no-store',
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
  }
  const headers = Object.assign(downstreamHeaders(response.headers), deps.answerHeaders);
  if (noBodyStatus.has(response.statusCode) || req.method === 'HEAD') {
    await response.body.dump();
    res.writeHead(response.statusCode, headers);
    res.end();
    return;
  }
  const declared = response.headers['content-length'];
  const length = typeof declared === 'string' ? Number(declared) : undefined;
  if (length !== undefined && length <= smallBodyBytes) {
    let body: Buffer;
    try {
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw translateUpstreamError(error);
    }
    res.writeHead(response.statusCode, headers);
    res.end(body);
    return;
  }
  res.writeHead(response.statusCode, headers);
  pipeline(response.body as NodeJS.ReadableStream, res, (error) => {
    if (error) deps.logger.debug({ err: { type: error.name } }, 'response stream ended early');
  });
}
