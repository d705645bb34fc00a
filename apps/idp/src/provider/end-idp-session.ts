// Ends the browser's IdP session outside oidc-provider's own end_session endpoint, for the
// logout endpoints of profiles that have none (Cognito's GET /logout). It does what that
// endpoint's confirmation does for "sign out of everything": back-channel logout to each client
// of the session (when enabled), then the session destroyed and its cookie cleared, so the next
// login asks for the password again. Tokens are left alone, as Cognito's /logout leaves them.
import type { Context } from 'koa';
import type { Provider } from 'oidc-provider';

/**
 * Ends the IdP session of the browser behind `ctx` (a no-op without one).
 *
 * @example
 * ```ts
 * await endIdpSession(provider, ctx, { backchannel: true });
 * ```
 */
export async function endIdpSession(
  provider: Provider,
  ctx: Context,
  options: { backchannel: boolean },
): Promise<void> {
  const session = await provider.Session.get(ctx as never);
  const { accountId } = session;
  if (options.backchannel && accountId) {
    const deliveries = Object.keys(session.authorizations ?? {}).map(async (clientId) => {
      // Client's backchannelLogout() is oidc-provider's own delivery, untyped in @types.
      const client = (await provider.Client.find(clientId)) as
        | (InstanceType<Provider['Client']> & {
            backchannelLogout(sub: string, sid: string): Promise<void>;
          })
        | undefined;
      if (!client?.backchannelLogoutUri) return;
      const sid = session.sidFor(clientId);
      try {
        await client.backchannelLogout(accountId, sid ?? '');
        provider.emit('backchannel.success', ctx, client, accountId, sid);
      } catch (err) {
        provider.emit('backchannel.error', ctx, err, client, accountId, sid);
      }
    });
    await Promise.all(deliveries);
  }
  if (accountId) await session.destroy();
  ctx.cookies.set(provider.cookieName('session'), null, { signed: true, path: '/' });
}
