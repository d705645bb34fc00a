import type { Context, Middleware } from 'koa';
import { logFailure, toBffError } from '../errors/error-handler.ts';
import type { Logger } from '../observability/logger.ts';
import { parseReturnTo } from '../oidc/return-to.ts';

/** An OAuth error code from the IdP, when the failure carries one we may repeat. */
function idpCode(cause: unknown): string | undefined {
  const code = (cause as { error?: unknown } | null | undefined)?.error;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
}

/** Where a failed login sends the browser: the login's `returnTo` once known, else its query's. */
function returnToOf(ctx: Context): string {
  const known = (ctx.state as { returnTo?: unknown }).returnTo;
  if (typeof known === 'string') return known;
  try {
    return parseReturnTo(ctx.query.returnTo);
  } catch {
    return '/';
  }
}

/**
 * A login that fails during a browser navigation (`Sec-Fetch-Mode: navigate`) sends the user back
 * to the SPA, `303` to `returnTo` with `login_error=<code>`: the IdP's OAuth code when the IdP
 * refused the login (`access_denied`, `login_required`, …), else the BFF's (`idp_unavailable`,
 * `login_transaction_missing`, `invalid_prompt`, …). The user sees the app and a message, never
 * a JSON page or a stack trace. Other callers (fetch, curl) get the JSON error. A `returnTo` that is itself invalid
 * keeps its `400`: there is nowhere safe to send the browser.
 */
export function redirectLoginErrors(logger: Logger): Middleware {
  return async function redirectLoginErrorsMiddleware(ctx, next) {
    try {
      await next();
    } catch (thrown) {
      const error = toBffError(thrown);
      if (ctx.get('sec-fetch-mode') !== 'navigate' || error.code === 'invalid_return_to') {
        throw thrown;
      }
      // Our own failures (5xx) keep their logged cause, as the error handler would log them.
      logFailure(logger, thrown, error, ctx.method, ctx.path);
      const detail = idpCode(error.cause);
      // The operator's view: which code, never the query (it may hold the authorization code).
      logger.warn({ code: error.code, detail, path: ctx.path }, 'login failed');
      const target = new URL(returnToOf(ctx), 'http://bff.invalid');
      // A refusal by the IdP is named by the IdP's own code (`access_denied`, `login_required`
      // after `prompt=none`, …): that is what the SPA needs to choose its sentence.
      const code = error.code === 'login_failed' ? (detail ?? error.code) : error.code;
      target.searchParams.set('login_error', code);
      ctx.set('Referrer-Policy', 'no-referrer');
      ctx.status = 303;
      ctx.redirect(target.pathname + target.search + target.hash);
    }
  };
}
