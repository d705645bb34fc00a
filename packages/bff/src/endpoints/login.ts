import type { Context, Middleware } from 'koa';
import * as client from 'openid-client';
import { noStore } from '../middleware/no-store.ts';
import { redirectLoginErrors } from '../middleware/login-error-redirect.ts';
import { requireTopLevelNavigation } from '../middleware/top-level-navigation.ts';
import type { Logger } from '../observability/logger.ts';
import {
  authenticationParams,
  parseAuthenticationRequest,
} from '../oidc/authentication-request.ts';
import { parseLoginPrompt } from '../oidc/login-prompt.ts';
import type { LoginTransactions } from '../oidc/login-transaction.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { parseReturnTo } from '../oidc/return-to.ts';
import { currentSession } from '../session/session-data.ts';

/**
 * `GET /bff/login?returnTo=/path[&prompt=none][&acr_values=…&max_age=…]`: starts an
 * authorization code flow with PKCE (S256), state and nonce, keeps them in this flow's own login cookie, and redirects to the IdP. Only from a
 * top-level navigation, and rate-limited per client IP (`limitLogins`, shared with the callback).
 * When it cannot start (the IdP is down), the browser goes back to the SPA with `login_error`.
 * `prompt` (see `parseLoginPrompt`) replaces any configured one: `prompt=none` is a silent login.
 * A step-up login adds `acr_values` and `max_age` (validated: bad ones are `400
 * invalid_acr_values` / `invalid_max_age`), sent to the IdP and kept for the callback's check.
 */
export function login(deps: {
  oidc: OidcClient;
  logins: LoginTransactions;
  scope: string;
  /** RFC 8707 resources the login's grant must cover (the routes' per-resource tokens). */
  resources: readonly string[];
  authorizationParams: Record<string, string>;
  limitLogins: Middleware;
  session: Middleware;
  logger: Logger;
}): Middleware[] {
  return [
    noStore,
    redirectLoginErrors(deps.logger),
    requireTopLevelNavigation,
    deps.limitLogins,
    deps.session,
    startLogin,
  ];

  async function startLogin(ctx: Context) {
    const returnTo = parseReturnTo(ctx.query.returnTo);
    const prompt = parseLoginPrompt(ctx.query.prompt);
    const authentication = parseAuthenticationRequest(ctx.query);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = await deps.oidc.authorizationUrl(
      {
        ...deps.authorizationParams,
        ...(prompt ? { prompt } : {}),
        ...authenticationParams(authentication),
        scope: deps.scope,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      },
      deps.resources,
    );
    // Started from the SPA, this request is same-site and carries any existing session cookie:
    // remember that session so the callback can end it (one browser, one live session).
    const previous = currentSession(ctx);
    deps.logins.save(ctx, {
      state,
      nonce,
      codeVerifier,
      returnTo,
      ...authentication,
      previousSessionKey: previous?.storeKey,
    });
    ctx.status = 302;
    ctx.redirect(url.href);
  }
}
