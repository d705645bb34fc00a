// Where the API gets the IdP's keys. The IdP may start after the API (or restart), so nothing is
// fetched at construction: discovery and the JWKS are loaded on the first request and retried on
// the next one after a failure. A failure to reach the keys is the API's problem, not the
// caller's: it is reported as JwksUnavailableError (503), never as an invalid token.
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** The IdP's keys could not be fetched (network, timeout, non-200, not a JWKS). */
export class JwksUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JwksUnavailableError';
  }
}

/** Errors that describe the token (its header picks no usable key), not the key source. */
const TOKEN_PROBLEMS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
];

const TIMEOUT_MS = 5_000;

async function discoverJwksUri(issuer: string): Promise<URL> {
  const base = issuer.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
  } catch (cause) {
    throw new JwksUnavailableError(`the issuer ${issuer} is unreachable`, { cause });
  }
  if (response.status === 200) {
    const metadata = (await response.json().catch(() => ({}))) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri === 'string' && URL.canParse(metadata.jwks_uri)) {
      return new URL(metadata.jwks_uri);
    }
  } else if (response.status === 404) {
    await response.body?.cancel();
  } else {
    // A failing IdP (5xx, ...) must not pin the fallback below: retry discovery next time.
    await response.body?.cancel();
    throw new JwksUnavailableError(`discovery at ${issuer} answered ${response.status}`);
  }
  // An issuer without discovery (404) or without jwks_uri in it: oidc-provider's default path.
  return new URL(`${base}/jwks`);
}

/**
 * A jose key resolver for `jwtVerify` that finds the JWKS lazily (given `jwksUri`, or the
 * issuer's discovery document) and reports unreachable keys as {@link JwksUnavailableError}.
 *
 * @example
 * ```ts
 * const keys = createJwksSource({ issuer: 'http://127.0.0.1:4000' });
 * await jwtVerify(token, keys, { issuer, audience: 'api' });
 * ```
 */
export function createJwksSource(options: { issuer: string; jwksUri?: string }): JWTVerifyGetKey {
  let remote: Promise<JWTVerifyGetKey> | undefined;
  const load = async () =>
    createRemoteJWKSet(
      options.jwksUri ? new URL(options.jwksUri) : await discoverJwksUri(options.issuer),
      // A restarted dev IdP has new keys: look again after 5 s, not jose's default 30 s.
      { timeoutDuration: TIMEOUT_MS, cooldownDuration: 5_000 },
    );

  const getKeyLazily: JWTVerifyGetKey = async (header, token) => {
    remote ??= load();
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await remote;
    } catch (err) {
      remote = undefined; // try discovery again on the next request
      throw err;
    }
    try {
      return await getKey(header, token);
    } catch (err) {
      if (TOKEN_PROBLEMS.some((kind) => err instanceof kind)) throw err;
      throw new JwksUnavailableError('the IdP signing keys could not be fetched', { cause: err });
    }
  };
  return getKeyLazily;
}
