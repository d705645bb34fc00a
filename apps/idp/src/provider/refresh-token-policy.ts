// When refresh tokens are issued, per profile. Google's rule (a refresh token only when the
// authorization request said access_type=offline and prompt=consent) needs the authorization
// request, which the token endpoint no longer sees: the codes of such requests are remembered
// when they are issued, and looked up when they are exchanged.
import type { Configuration, KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { IdpBehaviour } from '../types.ts';

/** Codes live 60 s; a remembered one that was never exchanged is forgotten after this. */
const REMEMBER_MS = 5 * 60 * 1000;

/** The policy: `issueRefreshToken` for the configuration, `watch` once the provider exists. */
export interface RefreshTokenPolicy {
  issueRefreshToken: NonNullable<Configuration['issueRefreshToken']>;
  watch(provider: Provider): void;
}

const isGoogleOffline = (ctx: KoaContextWithOIDC): boolean => {
  const { params } = ctx.oidc;
  const prompts = String(params?.prompt ?? '').split(' ');
  return params?.access_type === 'offline' && prompts.includes('consent');
};

/**
 * The refresh-token rule of `refreshTokens`: `always` (for a client allowed the grant),
 * `offline_access` (the scope was granted), `google-offline`, or `never`.
 *
 * @example
 * ```ts
 * const policy = refreshTokenPolicy('google-offline');
 * const provider = new Provider(issuer, { issueRefreshToken: policy.issueRefreshToken, ... });
 * policy.watch(provider);
 * ```
 */
export function refreshTokenPolicy(mode: IdpBehaviour['refreshTokens']): RefreshTokenPolicy {
  const offlineCodes = new Map<string, number>();
  return {
    issueRefreshToken: (_ctx, client, source) => {
      if (!client.grantTypeAllowed('refresh_token')) return false;
      switch (mode) {
        case 'always':
          return true;
        case 'never':
          return false;
        case 'offline_access':
          return source.scopes.has('offline_access');
        case 'google-offline': {
          const remembered = offlineCodes.delete(source.jti);
          return remembered;
        }
      }
    },
    watch(provider) {
      if (mode !== 'google-offline') return;
      provider.on('authorization.success', (ctx) => {
        const code = ctx.oidc.entities.AuthorizationCode;
        if (!code || !isGoogleOffline(ctx)) return;
        const now = Date.now();
        for (const [jti, at] of offlineCodes) if (now - at > REMEMBER_MS) offlineCodes.delete(jti);
        offlineCodes.set(code.jti, now);
      });
    },
  };
}
