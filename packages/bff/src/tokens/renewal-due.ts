/**
 * Whether a token still has enough life left to be used as it is: more than
 * min(`skewMs`, half its lifetime) before it expires (the contract's renewal rule). The half
 * lifetime keeps a short-lived token (a 60 s client token with a 30 s skew) from being renewed
 * on every call; a token whose start is unknown (sessions from before 0.2) uses the skew alone.
 *
 * @example
 * isFresh({ expiresAt: now + 200_000, obtainedAt: now - 100_000 }, 30_000, now); // true
 */
export function isFresh(
  token: { expiresAt: number; obtainedAt?: number | undefined },
  skewMs: number,
  now: number,
): boolean {
  const halfLife =
    token.obtainedAt === undefined ? skewMs : (token.expiresAt - token.obtainedAt) / 2;
  return token.expiresAt - Math.min(skewMs, halfLife) > now;
}
