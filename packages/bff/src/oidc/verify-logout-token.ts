import {
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

const backchannelEvent = 'http://schemas.openid.net/event/backchannel-logout';

/** Whom a valid logout token logs out. */
export type LogoutTarget =
  | { sid: string; sub?: string | undefined; jti: string }
  | { sid?: undefined; sub: string; jti: string };

/** Why a logout token was refused; stable strings for logs and messages. */
export type LogoutTokenProblem =
  'malformed' | 'typ' | 'signature' | 'claims' | 'events' | 'nonce' | 'sid or sub';

/**
 * Header `typ` values a logout token may carry. The spec says it SHOULD be `logout+jwt`; many
 * IdPs send the generic `JWT` or none. Those say nothing about the token's kind, and the
 * `events` claim with no `nonce` already tells a logout token from an ID token. A `typ` naming
 * another kind of token (`at+jwt`, `dpop+jwt`, ...) is refused.
 */
const logoutTokenTypes = new Set([
  'logout+jwt',
  'application/logout+jwt',
  'jwt',
  'application/jwt',
]);

/**
 * Verifies an OpenID Connect Back-Channel Logout 1.0 `logout_token` (§2.6): signature by the
 * IdP's keys, `iss`, `aud` (our client id), `iat` recent, `jti` present, the back-channel
 * `events` member, `sid` and/or `sub`, no `nonce` (so an ID token can never pass as a logout
 * token), and a `typ`, when the header names one, of a logout token or a plain JWT. `issuer` may
 * depend on the token's claims (a tenant template: its `tid`); the signature then vouches for
 * them. Replay detection is the caller's (it needs the shared store).
 *
 * @example
 * const result = await verifyLogoutToken(token, { keys, issuer, clientId });
 * if (result.ok) await store.destroyBySid(result.target.sid);
 */
export async function verifyLogoutToken(
  token: string,
  expected: {
    keys: JWTVerifyGetKey;
    issuer: string | ((claims: JWTPayload) => Promise<string>);
    clientId: string;
    clockToleranceSeconds?: number;
    now?: () => number;
  },
): Promise<{ ok: true; target: LogoutTarget } | { ok: false; problem: LogoutTokenProblem }> {
  let typ: string | undefined;
  let unverified: JWTPayload;
  try {
    typ = decodeProtectedHeader(token).typ;
    unverified = decodeJwt(token);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (typ !== undefined && !logoutTokenTypes.has(typ.toLowerCase())) {
    return { ok: false, problem: 'typ' };
  }
  let issuer: string;
  try {
    issuer =
      typeof expected.issuer === 'string' ? expected.issuer : await expected.issuer(unverified);
  } catch {
    return { ok: false, problem: 'claims' };
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, expected.keys, {
      issuer,
      audience: expected.clientId,
      requiredClaims: ['iat', 'jti'],
      maxTokenAge: '5 minutes',
      clockTolerance: expected.clockToleranceSeconds ?? 30,
      ...(expected.now ? { currentDate: new Date(expected.now()) } : {}),
    }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return {
      ok: false,
      problem:
        code.startsWith('ERR_JWT_CLAIM') || code === 'ERR_JWT_EXPIRED' ? 'claims' : 'signature',
    };
  }
  // §2.4: `events` is a JSON object whose back-channel member is itself a JSON object (`{}`):
  // null, an array or any other value is not the event, however lenient a parser would be.
  if (!isJsonObject(payload.events) || !isJsonObject(payload.events[backchannelEvent])) {
    return { ok: false, problem: 'events' };
  }
  if ('nonce' in payload) return { ok: false, problem: 'nonce' };
  const jti = String(payload.jti);
  // A `sid` that is present but not a non-empty string is refused, never read as absent: falling
  // back to `sub` would log out every session of the user instead of one.
  if (payload.sid !== undefined && !isNonEmptyString(payload.sid)) {
    return { ok: false, problem: 'sid or sub' };
  }
  const sid = payload.sid;
  const sub = isNonEmptyString(payload.sub) ? payload.sub : undefined;
  if (sid) return { ok: true, target: { sid, sub, jti } };
  if (sub) return { ok: true, target: { sub, jti } };
  return { ok: false, problem: 'sid or sub' };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
