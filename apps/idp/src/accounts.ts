import { createHash, timingSafeEqual } from 'node:crypto';
import type { Account, FindAccount } from 'oidc-provider';

/** A contract test user: `login` doubles as the stable `sub`. */
export interface DevUser {
  login: string;
  password: string;
  claims: {
    name: string;
    given_name: string;
    family_name: string;
    preferred_username: string;
    email: string;
    email_verified: boolean;
  };
}

/** The users the contract promises (`alice`/`alice-pw`, `bob`/`bob-pw`). */
export const DEV_USERS: readonly DevUser[] = [
  {
    login: 'alice',
    password: 'alice-pw',
    claims: {
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: true,
    },
  },
  {
    login: 'bob',
    password: 'bob-pw',
    claims: {
      name: 'Bob Builder',
      given_name: 'Bob',
      family_name: 'Builder',
      preferred_username: 'bob',
      email: 'bob@example.com',
      email_verified: true,
    },
  },
];

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Returns the account id when `login`/`password` match a dev user, else `undefined`.
 * Compares digests in constant time so even the dev IdP does not teach timing attacks.
 */
export function verifyPassword(login: string, password: string): string | undefined {
  const user = DEV_USERS.find((candidate) => candidate.login === login.trim());
  const ok = timingSafeEqual(digest(password), digest(user?.password ?? '\0no-user'));
  return user && ok ? user.login : undefined;
}

/** What {@link accountFinder} shapes the claims by. */
export interface AccountClaimOptions {
  /** The ID token gets `sub` only (profile and email are left to userinfo), as at Okta. */
  thinIdToken?: boolean;
  /** Add `tid` (Entra's tenant id) to every claim set. */
  tenantId?: string;
}

/** A dev user's claims for `use` (`id_token` or `userinfo`), before scope filtering. */
export function accountClaims(
  user: DevUser,
  use: string,
  options: AccountClaimOptions = {},
): Record<string, unknown> {
  const tid = options.tenantId === undefined ? {} : { tid: options.tenantId };
  if (options.thinIdToken && use === 'id_token') return { sub: user.login, ...tid };
  return { sub: user.login, ...user.claims, ...tid };
}

/**
 * oidc-provider's `findAccount` for the dev users; the provider filters the claims by the granted
 * scopes.
 *
 * @example
 * ```ts
 * new Provider(issuer, { findAccount: accountFinder({ thinIdToken: true }), ... });
 * ```
 */
export function accountFinder(options: AccountClaimOptions = {}): FindAccount {
  return (_ctx, sub): Account | undefined => {
    const user = DEV_USERS.find((candidate) => candidate.login === sub);
    if (!user) return undefined;
    return {
      accountId: user.login,
      claims: (use) => accountClaims(user, use, options) as { sub: string },
    };
  };
}

/** `findAccount` of the default profile: every claim in the ID token. */
export const findAccount: FindAccount = accountFinder();
