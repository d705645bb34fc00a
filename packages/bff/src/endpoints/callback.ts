import type { Context, Middleware } from 'koa';
import { newDpopKey } from '../dpop/dpop-key.ts';
import { BffError } from '../errors/bff-error.ts';
import { redirectLoginErrors } from '../middleware/login-error-redirect.ts';
import { noStore } from '../middleware/no-store.ts';
import type { Logger } from '../observability/logger.ts';
import { checkAuthenticationLevel } from '../oidc/check-authentication-level.ts';
import type { LoginTransactions } from '../oidc/login-transaction.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import type { SessionData } from '../session/session-data.ts';
import type { SessionEnder } from '../session/session-ender.ts';
import type { SessionStore } from '../session/session-store.ts';
import { visibleClaims } from './visible-claims.ts';

/**
 * `GET /bff/callback?code&state`: finishes the login. On success the browser gets a **new**
 * session (a fresh id, whatever cookie it sent: no session fixation) and a 303 to `returnTo`.
 * A malformed or unknown state, a missing login cookie, an IdP error, or an ID token whose `acr`
 * or `auth_time` does not give what the login asked for (`insufficient_user_authentication`)
 * answer 400 with no session, or on a browser navigation a 303 back to the SPA with
 * `login_error`.
 *
 * This request arrives by a cross-site navigation from the IdP, so the Strict session cookie is
 * not on it; the SPA learns about its session from `/bff/user` once its page has loaded.
 */
export function callback(deps: {
  oidc: OidcClient;
  logins: LoginTransactions;
  store: SessionStore;
  /** The resources the login asked for (see `loginScope`), recorded in the session. */
  resources: readonly string[];
  /** Give the session its own DPoP key (RFC 9449) and bind its tokens to it. */
  dpop: boolean;
  ender: SessionEnder;
  publicUrl: string;
  now: () => number;
  /** Allowed clock skew for the `max_age` check of a step-up login. */
  clockToleranceSeconds: number;
  /** A completed callback: `success`, or `failure` with its reason (an error code, bounded). */
  onLogin: (outcome: 'success' | 'failure', reason?: string) => void;
  limitLogins: Middleware;
  session: Middleware;
  logger: Logger;
}): Middleware[] {
  return [noStore, redirectLoginErrors(deps.logger), deps.limitLogins, deps.session, finishLogin];

  async function finishLogin(ctx: Context) {
    ctx.set('Referrer-Policy', 'no-referrer');
    const state = ctx.query.state;
    if (!deps.logins.isWellFormedState(state)) {
      deps.onLogin('failure', 'invalid_callback');
      throw new BffError('invalid_callback');
    }
    const tx = deps.logins.take(ctx, state);
    if (!tx) {
      deps.onLogin('failure', 'login_transaction_missing');
      throw new BffError('login_transaction_missing');
    }
    // A failure from here on sends a navigating browser back where the login started.
    (ctx.state as { returnTo?: string }).returnTo = tx.returnTo;
    if (typeof ctx.query.error === 'string') {
      deps.onLogin('failure', 'idp_error');
      const code = /^[a-z_]{1,64}$/.test(ctx.query.error) ? ctx.query.error : undefined;
      throw new BffError(
        'login_failed',
        `The identity provider refused the login (${code ?? 'error'}).`,
        {
          cause: code && { error: code },
        },
      );
    }
    if (typeof ctx.query.code !== 'string') {
      deps.onLogin('failure', 'invalid_callback');
      throw new BffError('invalid_callback', 'The login response has no authorization code.');
    }

    // With DPoP, this session's own key: the code exchange binds the tokens to it.
    const dpop = deps.dpop ? newDpopKey() : undefined;
    let result;
    try {
      result = await deps.oidc.exchangeCode(
        new URL(ctx.originalUrl, deps.publicUrl),
        tx,
        dpop?.key,
      );
    } catch (error) {
      deps.onLogin('failure', failureReason(error));
      throw error;
    }
    try {
      checkAuthenticationLevel(result.claims, tx, deps.now() / 1000, deps.clockToleranceSeconds);
    } catch (error) {
      deps.onLogin('failure', failureReason(error));
      // No session holds these tokens: revoke the refresh token rather than leave it live. The
      // browser's earlier session, if any, goes on as it was.
      if (result.tokens.refreshToken) {
        await deps.oidc.revoke(result.tokens.refreshToken, 'refresh_token').catch((failed) => {
          const code = failed instanceof BffError ? failed.code : 'unknown';
          deps.logger.warn({ code }, 'could not revoke the refresh token of a refused step-up');
        });
      }
      throw error;
    }

    // One browser, one session: the one it had ends, and its refresh token with it.
    if (tx.previousSessionKey) await deps.ender.end(tx.previousSessionKey, 'replaced');
    const data: SessionData = {
      sub: String(result.claims.sub),
      sid: typeof result.claims.sid === 'string' ? result.claims.sid : undefined,
      claims: visibleClaims(result.claims),
      tokens: result.tokens,
      grantedResources: [...deps.resources],
      ...(dpop ? { dpopKey: dpop.stored } : {}),
      createdAt: deps.now(),
      lastSeenAt: deps.now(),
      // Shown in the user's list of sessions; bounded, as a header can be long.
      userAgent: ctx.get('user-agent').slice(0, 512),
    };
    const session = ctx.session!;
    Object.assign(session, data);
    // A session loaded from a cookie keeps its id unless regenerated: never reuse it for a login.
    if (!session.isNew) await session.regenerate();
    deps.onLogin('success');
    ctx.status = 303;
    ctx.redirect(tx.returnTo);
  }
}

/** A failed login's reason for the metrics: the BFF's error code, never an IdP's text. */
function failureReason(error: unknown): string {
  return error instanceof BffError ? error.code : 'error';
}
