// The IdP's own interaction pages. oidc-provider's devInteractions accept any password; these
// check it. Mounted with provider.use(), so they run in front of the provider's own routes.
import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import { errors, type Provider } from 'oidc-provider';
import { verifyPassword } from '../accounts.ts';
import { errorPage } from '../views/error-page.ts';
import { loginPage } from '../views/login-page.ts';
import { MFA_ACR, needsOneTimeCode, PASSWORD_ACR } from '../provider/acr-levels.ts';
import { completeConsent } from './complete-consent.ts';
import { oneTimeCodes } from './one-time-code.ts';
import { FormError, readForm } from './read-form.ts';

/** Turns anything thrown in an interaction route into a small HTML page, never a stack. */
async function renderInteractionErrors(ctx: Context, next: Next): Promise<void> {
  ctx.set('cache-control', 'no-store');
  try {
    await next();
  } catch (err) {
    if (err instanceof errors.SessionNotFound) {
      ctx.status = 400;
      ctx.body = errorPage(
        'login_expired',
        'This sign-in attempt has expired or was already completed.',
      );
    } else if (err instanceof FormError) {
      ctx.status = err.status;
      ctx.body = errorPage('invalid_request', err.message);
    } else if (err instanceof errors.OIDCProviderError && err.expose) {
      ctx.status = err.statusCode;
      ctx.body = errorPage(err.error, err.error_description);
    } else {
      console.error('idp: interaction failed:', err instanceof Error ? err.message : err);
      ctx.status = 500;
      ctx.body = errorPage('server_error', 'The identity provider failed unexpectedly.');
    }
    ctx.type = 'html';
  }
}

/** Sends the browser on to oidc-provider's resume URL. */
function finish(ctx: Context, returnTo: string): void {
  ctx.status = 303;
  ctx.redirect(returnTo);
}

/**
 * Routes under `/interaction/:uid`: the login form (GET), its submission (POST `/login`), and
 * `/abort`. A consent prompt is completed without a page (see `completeConsent`). A request
 * for `urn:cloakroom:acr:mfa` also needs the attempt's one-time code (input `otp`), and the
 * login then has that `acr`; any other login is `urn:cloakroom:acr:password`.
 *
 * @example
 * ```ts
 * provider.use(interactionRouter(provider).routes());
 * ```
 */
export function interactionRouter(provider: Provider): Router {
  const router = new Router({ prefix: '/interaction/:uid' });
  // oxlint-disable-next-line no-async-endpoint-handlers -- Koa awaits middleware; an Express rule
  router.use(renderInteractionErrors);
  const codes = oneTimeCodes();

  const renderLogin = async (ctx: Context, login?: string, error?: string) => {
    const { uid, params, session } = await provider.interactionDetails(ctx.req, ctx.res);
    const client = await provider.Client.find(String(params.client_id));
    // A step-up of a live IdP session: the user is known, only the code is new to them.
    const known = login ?? session?.accountId;
    ctx.type = 'html';
    ctx.body = loginPage({
      action: `/interaction/${uid}/login`,
      abortUrl: `/interaction/${uid}/abort`,
      clientName: client?.clientName ?? client?.clientId ?? 'the application',
      ...(known === undefined ? {} : { login: known }),
      ...(error === undefined ? {} : { error }),
      ...(needsOneTimeCode(params.acr_values) ? { oneTimeCode: codes.codeFor(uid) } : {}),
    });
  };

  router.get('/', async (ctx) => {
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.prompt.name === 'consent') {
      const result = await completeConsent(provider, interaction);
      return finish(ctx, await provider.interactionResult(ctx.req, ctx.res, result));
    }
    await renderLogin(ctx);
  });

  router.post('/login', async (ctx) => {
    const form = await readForm(ctx);
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.prompt.name !== 'login') {
      throw new errors.InvalidRequest('this sign-in attempt does not expect a password');
    }
    const login = form.get('login') ?? '';
    const accountId = verifyPassword(login, form.get('password') ?? '');
    if (!accountId) {
      ctx.status = 401;
      return renderLogin(ctx, login, 'Wrong username or password.');
    }
    const mfa = needsOneTimeCode(interaction.params.acr_values);
    if (mfa && !codes.verify(interaction.uid, form.get('otp') ?? '')) {
      ctx.status = 401;
      return renderLogin(ctx, login, 'Wrong one-time code.');
    }
    const result = {
      login: mfa
        ? { accountId, acr: MFA_ACR, amr: ['pwd', 'otp'] }
        : { accountId, acr: PASSWORD_ACR, amr: ['pwd'] },
    };
    finish(
      ctx,
      await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      }),
    );
  });

  router.get('/abort', async (ctx) => {
    const result = { error: 'access_denied', error_description: 'End-User aborted the sign-in' };
    finish(
      ctx,
      await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      }),
    );
  });

  return router;
}
