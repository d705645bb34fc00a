import type { UpstreamResponse } from '../proxy/upstream-client.ts';

/** RFC 9449 §9: `WWW-Authenticate: DPoP error="use_dpop_nonce"` asks for the nonce sent along. */
const nonceChallenge = /\bDPoP\b[^]*\berror\s*=\s*"?use_dpop_nonce"?/i;

/**
 * The latest `DPoP-Nonce` each upstream sent: every later proof to it carries that nonce. One
 * per upstream origin (a resource server's nonce is its own), shared by all sessions.
 *
 * @example
 * const asked = nonces.learn(origin, response); // true: it refused the proof for want of a nonce
 */
export function createUpstreamNonces() {
  const nonces = new Map<string, string>();
  return {
    get: (origin: string): string | undefined => nonces.get(origin),
    /**
     * Keeps the answer's nonce, if it has one; says whether the answer was a nonce challenge
     * (a 401 asking for it), which the caller may answer by sending the request again.
     */
    learn(origin: string, response: UpstreamResponse): boolean {
      const nonce = response.headers['dpop-nonce'];
      if (typeof nonce !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(nonce)) return false;
      nonces.set(origin, nonce);
      if (response.statusCode !== 401) return false;
      const challenge = response.headers['www-authenticate'];
      const text = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
      return nonceChallenge.test(text);
    },
  };
}

export type UpstreamNonces = ReturnType<typeof createUpstreamNonces>;
