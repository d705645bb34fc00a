import type { Context, Next } from 'koa';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { IdpStats } from './types.ts';

/** Fresh, all-zero counters. */
export function createStats(): IdpStats {
  return {
    grants: {},
    grantErrors: {},
    revocations: 0,
    backchannelSuccess: 0,
    backchannelErrors: 0,
  };
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const REVOKEABLE = ['AccessToken', 'RefreshToken', 'ClientCredentials'] as const;

/**
 * Feeds `stats` from the provider's events and, for revocation (which emits no success event),
 * from a middleware in front of its routes. Call once, right after constructing the provider.
 *
 * @example
 * ```ts
 * const stats = createStats();
 * countProviderEvents(provider, stats);
 * ```
 */
export function countProviderEvents(provider: Provider, stats: IdpStats): void {
  provider.on('grant.success', (ctx) => {
    bump(stats.grants, String(ctx.oidc.params?.grant_type ?? 'unknown'));
  });
  provider.on('grant.error', (_ctx, err) => bump(stats.grantErrors, err.error));
  provider.on('backchannel.success', () => {
    stats.backchannelSuccess += 1;
  });
  provider.on('backchannel.error', (_ctx, err) => {
    stats.backchannelErrors += 1;
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.warn(`idp: back-channel logout failed: ${err.message}${cause}`);
  });

  // Without the revocation feature there is no such route (and nothing to count).
  let revocationPath: string;
  try {
    revocationPath = provider.pathFor('revocation', { mountPath: '' });
  } catch {
    return;
  }
  provider.use(async (ctx: Context, next: Next) => {
    await next();
    if (ctx.method !== 'POST' || ctx.path !== revocationPath || ctx.status !== 200) return;
    // RFC 7009 answers 200 for unknown tokens too; count only the ones the provider found.
    const { entities } = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (REVOKEABLE.some((kind) => entities[kind])) stats.revocations += 1;
  });
}
