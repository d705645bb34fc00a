/**
 * The part of the BFF's configuration that decides what it asks of the IdP, read from the same
 * environment variables the server reads. It holds no secret: only whether one is set.
 */
export interface DoctorClientConfig {
  issuer: string;
  /** OIDC_CLIENT_AUTH as given, or its default (`client_secret_basic` with a secret, else `none`). */
  clientAuth: string;
  scopes: string[];
  par: boolean;
  dpop: boolean;
  logoutIdTokenHint: boolean;
  /** OIDC_END_SESSION_URL is set: the IdP's end_session_endpoint is not needed. */
  endSessionUrl: boolean;
  userinfo: boolean;
}

export const clientAuthMethods = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
] as const;

const defaultIssuer = 'http://127.0.0.1:4000';
const defaultScope = 'openid profile email offline_access';

/**
 * `issuer` (from `--issuer`) overrides OIDC_ISSUER. An unset OIDC_CLIENT_SECRET counts as set:
 * the server then uses its development secret, so it authenticates with client_secret_basic;
 * only an empty one means a public client.
 *
 * @example
 * doctorClientConfig(process.env, 'https://idp.example'); // { issuer: 'https://idp.example', clientAuth: 'client_secret_basic', … }
 */
export function doctorClientConfig(
  env: Record<string, string | undefined>,
  issuer?: string,
): DoctorClientConfig {
  const hasSecret = env.OIDC_CLIENT_SECRET !== '';
  return {
    issuer: issuer ?? env.OIDC_ISSUER ?? defaultIssuer,
    clientAuth: env.OIDC_CLIENT_AUTH || (hasSecret ? 'client_secret_basic' : 'none'),
    scopes: (env.OIDC_SCOPE ?? defaultScope).split(/\s+/).filter(Boolean),
    par: env.OIDC_PAR === 'true',
    dpop: env.OIDC_DPOP === 'true',
    logoutIdTokenHint: env.OIDC_LOGOUT_ID_TOKEN_HINT === 'true',
    endSessionUrl: Boolean(env.OIDC_END_SESSION_URL),
    userinfo: env.OIDC_USERINFO === 'true',
  };
}
