import type { Context } from 'koa';
import type { Sealer } from '../crypto/sealer.ts';

/** What the callback needs to finish one login, kept in that login's own cookie. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Store key of a session the browser already had when it started this login. */
  previousSessionKey?: string | undefined;
  expiresAt: number;
}

const prefix = '__Host-cloakroom-login-';
const statePattern = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Login transactions live in their own short-lived cookie, one per login flow, named after the
 * flow's `state` so that several tabs can log in at once without overwriting each other.
 *
 * The cookie is `SameSite=Lax` on purpose: the IdP's redirect back to the callback is a
 * cross-site navigation, on which a Strict cookie is never sent. Its value is sealed (AES-GCM
 * bound to the state), so the PKCE verifier and nonce stay unreadable and unforgeable, and no
 * server-side state is created for visitors who never finish logging in.
 */
export function createLoginTransactions(
  sealer: Sealer,
  options: { ttlSeconds: number; now: () => number },
) {
  const cookieOptions = {
    httpOnly: true,
    secure: true,
    sameSite: 'lax' as const,
    path: '/',
    overwrite: true,
    signed: false,
  };

  return {
    /** Whether `state` has the shape of one of ours (checked before it names a cookie). */
    isWellFormedState(state: unknown): state is string {
      return typeof state === 'string' && statePattern.test(state);
    },

    save(ctx: Context, tx: Omit<LoginTransaction, 'expiresAt'>): void {
      const full: LoginTransaction = {
        ...tx,
        expiresAt: options.now() + options.ttlSeconds * 1000,
      };
      ctx.cookies.set(prefix + tx.state, sealer.seal(JSON.stringify(full), tx.state), {
        ...cookieOptions,
        maxAge: options.ttlSeconds * 1000,
      });
    },

    /** Reads and clears the transaction of `state`; undefined when absent, forged or expired. */
    take(ctx: Context, state: string): LoginTransaction | undefined {
      const name = prefix + state;
      const sealed = ctx.cookies.get(name, { signed: false });
      if (sealed === undefined) return undefined;
      ctx.cookies.set(name, '', { ...cookieOptions, maxAge: 0, expires: new Date(0) });
      const plain = sealer.open(sealed, state);
      if (plain === undefined) return undefined;
      const tx = JSON.parse(plain) as LoginTransaction;
      if (tx.state !== state || tx.expiresAt <= options.now()) return undefined;
      return tx;
    },
  };
}

export type LoginTransactions = ReturnType<typeof createLoginTransactions>;
