import type { Context, Middleware } from 'koa';
import { randomState } from 'openid-client';
import { BffError } from '../errors/bff-error.ts';
import { noStore } from '../middleware/no-store.ts';
import { readJson } from '../middleware/read-json.ts';
import { requireCsrfHeader } from '../middleware/require-csrf-header.ts';
import type { Logger } from '../observability/logger.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { currentSession } from '../session/session-data.ts';
import type { SessionEnder } from '../session/session-ender.ts';
import type { UserSessions } from '../session/user-sessions.ts';

/**
 * `POST /bff/logout`: the session is destroyed server-side first (so nothing can use it while
 * the IdP is called), the cookie cleared, its newest refresh token revoked at the IdP without
 * the answer waiting for it, and the answer
 * names where the browser goes next: the IdP's end-session URL with `client_id` and
 * `post_logout_redirect_uri` and a random `state`, without an `id_token_hint` unless configured (no
 * token in a URL), or `/`.
 *
 * With the JSON body `{"everywhere": true}` every other session of this user ends too, on every
 * instance, each refresh token revoked; the answer is the same. No body, or
 * `{"everywhere": false}`, is a plain logout. A body that is not JSON, not an object, or whose
 * `everywhere` is not a boolean is refused (`400`/`415`) before anything ends.
 */
export function logout(deps: {
  oidc: OidcClient;
  ender: SessionEnder;
  clientId: string;
  postLogoutRedirectUri: string;
  clearSiteData: boolean;
  idTokenHint: boolean;
  logger: Logger;
  allowedOrigins: ReadonlySet<string>;
  session: Middleware;
  sessions: UserSessions;
}): Middleware[] {
  return [noStore, requireCsrfHeader(deps.allowedOrigins), deps.session, endSession];

  async function endSession(ctx: Context) {
    const everywhere = await wantsEverywhere(ctx);
    const session = currentSession(ctx);
    if (session) {
      // The record is read again as it is destroyed: a refresh since this request began may
      // have rotated the token, and the newest is the one to revoke (in the background).
      await deps.ender.end(session.storeKey, 'logout', session.tokens);
      if (everywhere) await deps.sessions.endAll(session.sub);
      ctx.session = null;
    }
    const endSessionUrl = await deps.oidc
      .endSessionUrl({
        client_id: deps.clientId,
        post_logout_redirect_uri: deps.postLogoutRedirectUri,
        // Always: some IdPs redirect back to post_logout_redirect_uri only with a state. Nothing
        // reads it on the way back; the SPA's landing page needs no proof of where it came from.
        state: randomState(),
        ...(deps.idTokenHint && session?.tokens.idToken
          ? { id_token_hint: session.tokens.idToken }
          : {}),
      })
      .catch(() => undefined);
    // Also drops anything the browser cached or stored for this site under this session.
    if (deps.clearSiteData) ctx.set('Clear-Site-Data', '"cache", "cookies"');
    ctx.body = { redirectTo: endSessionUrl?.href ?? '/' };
  }
}

/** Whether the body asks to end every session of the user: `{"everywhere": true}`. */
async function wantsEverywhere(ctx: Context): Promise<boolean> {
  const body = await readJson(ctx);
  if (body === undefined) return false;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BffError('bad_request', 'The logout body must be a JSON object.');
  }
  const { everywhere } = body as { everywhere?: unknown };
  if (everywhere !== undefined && typeof everywhere !== 'boolean') {
    throw new BffError('bad_request', '"everywhere" must be true or false.');
  }
  return everywhere === true;
}
