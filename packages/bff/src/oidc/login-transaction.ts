import { parseCookie } from 'cookie';
import type { Context } from 'koa';
import type { Sealer } from '../crypto/sealer.ts';

/** What the callback needs to finish one login, kept in that login's own cookie. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** The `acr_values` this login asked for: the ID token's `acr` must be one of them. */
  acrValues?: string | undefined;
  /** The `max_age` this login asked for: the ID token's `auth_time` must be that recent. */
  maxAge?: number | undefined;
  /** Store key of a session the browser already had when it started this login. */
  previousSessionKey?: string | undefined;
  expiresAt: number;
}

const prefix = '__Host-cloakroom-login-';
const statePattern = /^[A-Za-z0-9_-]{16,128}$/;
/** Live login transactions a browser may hold at once (one per tab that is logging in). */
const maxLive = 5;
/**
 * Their cookies' total size (`name=value`), kept under 8 KiB so that, with the session cookie,
 * the Cookie header stays far from Node's 16 KiB header limit (past it: 431 on every request
 * to the origin until the cookies expire). One login with the longest `returnTo` is ~3 KB.
 */
const maxTotalBytes = 8 * 1024;

/**
 * Login transactions live in their own short-lived cookie, one per login flow, named after the
 * flow's `state` so that several tabs can log in at once without overwriting each other.
 *
 * A browser holds at most 5 of them, under 8 KiB together: each `/bff/login` would otherwise add
 * a ten-minute cookie, and enough of them push the Cookie header past the server's limit.
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

    /**
     * Sets the login cookie of `tx`, first clearing what would take the browser past 5 live
     * transactions or 8 KiB of login cookies (the oldest go first: a tab that started logging
     * in long ago then fails its callback with `login_transaction_missing`), and any login
     * cookie that no longer opens or has expired.
     */
    save(ctx: Context, tx: Omit<LoginTransaction, 'expiresAt'>): void {
      const full: LoginTransaction = {
        ...tx,
        expiresAt: options.now() + options.ttlSeconds * 1000,
      };
      const name = prefix + tx.state;
      const sealed = sealer.seal(JSON.stringify(full), tx.state);
      const live = liveTransactions(ctx);
      const sizeOf = (list: ReadonlyArray<{ bytes: number }>) =>
        list.reduce((sum, cookie) => sum + cookie.bytes, 0);
      const bytes = cookieBytes(name, sealed);
      while (live.length >= maxLive || sizeOf(live) + bytes >= maxTotalBytes) {
        clear(ctx, live.shift()!.name);
      }
      ctx.cookies.set(name, sealed, { ...cookieOptions, maxAge: options.ttlSeconds * 1000 });
    },

    /** Reads and clears the transaction of `state`; undefined when absent, forged or expired. */
    take(ctx: Context, state: string): LoginTransaction | undefined {
      const name = prefix + state;
      const sealed = ctx.cookies.get(name, { signed: false });
      if (sealed === undefined) return undefined;
      clear(ctx, name);
      const plain = sealer.open(sealed, state);
      if (plain === undefined) return undefined;
      const tx = JSON.parse(plain) as LoginTransaction;
      if (tx.state !== state || tx.expiresAt <= options.now()) return undefined;
      return tx;
    },
  };

  function clear(ctx: Context, name: string): void {
    ctx.cookies.set(name, '', { ...cookieOptions, maxAge: 0, expires: new Date(0) });
  }

  /**
   * The browser's live login cookies, oldest first. One that does not open (forged, sealed with
   * a retired secret) or has expired is cleared on the way and not counted.
   */
  function liveTransactions(
    ctx: Context,
  ): Array<{ name: string; bytes: number; expiresAt: number }> {
    const header = ctx.get('cookie');
    if (!header.includes(prefix)) return [];
    const live: Array<{ name: string; bytes: number; expiresAt: number }> = [];
    for (const [name, value] of Object.entries(parseCookie(header))) {
      if (!name.startsWith(prefix) || value === undefined) continue;
      const state = name.slice(prefix.length);
      const plain = statePattern.test(state) ? sealer.open(value, state) : undefined;
      const expiresAt = plain === undefined ? 0 : (JSON.parse(plain) as LoginTransaction).expiresAt;
      if (expiresAt <= options.now()) clear(ctx, name);
      else live.push({ name, bytes: cookieBytes(name, value), expiresAt });
    }
    return live.toSorted((a, b) => a.expiresAt - b.expiresAt);
  }
}

/** What a cookie adds to the Cookie header: `name=value; `. */
function cookieBytes(name: string, value: string): number {
  return name.length + value.length + 3;
}

export type LoginTransactions = ReturnType<typeof createLoginTransactions>;
