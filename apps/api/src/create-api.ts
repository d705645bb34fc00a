import { Router } from '@koa/router';
import Koa from 'koa';
import { dpopSenderConstraint } from './auth/dpop/dpop-sender-constraint.ts';
import { createJwksSource } from './auth/jwks-source.ts';
import { MFA_ACR, requireAcr } from './auth/require-acr.ts';
import { requireBearer } from './auth/require-bearer.ts';
import { createAccessTokenVerifier } from './auth/verify-access-token.ts';
import { jsonErrors } from './middleware/json-errors.ts';
import { responseHeaders } from './middleware/response-headers.ts';
import { createNoteStore } from './notes/note-store.ts';
import { echoRoute } from './routes/echo.ts';
import { streamEvents } from './routes/events.ts';
import { getMe } from './routes/me.ts';
import { notesRoutes } from './routes/notes.ts';

/** Options of {@link createApi}. */
export interface ApiOptions {
  /** The IdP's issuer identifier; tokens must carry exactly this `iss`. */
  issuer: string;
  /** Required `aud` of access tokens. Default `'api'`. */
  audience?: string;
  /** The IdP's JWKS URL. Default: the issuer's discovered `jwks_uri` (else `${issuer}/jwks`). */
  jwksUri?: string;
  /** DPoP proofs must carry a nonce this API issued (env `API_DPOP_NONCE=true`). Default false. */
  dpopNonce?: boolean;
}

/**
 * The sample resource server as a Koa app: every route needs a valid bearer JWT. For the
 * WebSocket at `/echo`, serve it with `startApi` (or route upgrades as serveUpgrades does).
 * Throws a TypeError on bad options.
 *
 * @example
 * ```ts
 * createApi({ issuer: 'http://127.0.0.1:4000' }).listen(4001, '127.0.0.1');
 * ```
 */
export function createApi(options: ApiOptions): Koa {
  if (!URL.canParse(options.issuer)) throw new TypeError('issuer: expected a URL');
  if (options.jwksUri !== undefined && !URL.canParse(options.jwksUri)) {
    throw new TypeError('jwksUri: expected a URL');
  }
  const verify = createAccessTokenVerifier({
    issuer: options.issuer,
    audience: options.audience ?? 'api',
    keys: createJwksSource(options),
  });
  const notes = notesRoutes(createNoteStore());

  const router = new Router();
  router.get('/me', getMe);
  router.get('/notes', notes.list);
  router.post('/notes', notes.create);
  // Deleting is the one action that asks for a stronger login (the contract's step-up example).
  router.delete('/notes/:id', requireAcr(MFA_ACR), notes.remove);
  // Live connections, for the BFF's pass-through of event streams and WebSockets.
  router.get('/events', streamEvents);
  router.get('/echo', echoRoute());

  const app = new Koa();
  app.use(responseHeaders);
  app.use(jsonErrors);
  // DPoP-bound tokens need their proof; unbound ones stay plain Bearer tokens.
  app.use(requireBearer(verify, dpopSenderConstraint({ nonce: options.dpopNonce ?? false })));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
