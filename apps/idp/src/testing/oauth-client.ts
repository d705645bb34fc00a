// A deliberately plain OAuth client for tests against the dev IdP: raw fetch calls, so each
// test sees exactly what goes over the wire (no openid-client in between).
import type { CookieJar } from '@cloakroom/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { bffClient } from '../bff-client.ts';
import type { IdpClient, RunningIdp } from '../types.ts';
import { dpopProof, type DpopKey } from './dpop-proof.ts';
import { loginAtIdp } from './login-at-idp.ts';

export const CLIENT: IdpClient = bffClient('http://localhost:3999');

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

export interface LoginAttempt {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

/**
 * Authorization request parameters over the defaults; `undefined` leaves one out, an array
 * repeats the parameter (several `resource`s, RFC 8707 §2.1).
 */
export type AuthorizationParams = Record<string, string | readonly string[] | undefined>;

/** The parameters as a form, arrays repeated, `undefined` left out. */
const toForm = (params: AuthorizationParams): URLSearchParams => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of value === undefined ? [] : typeof value === 'string' ? [value] : value) {
      form.append(name, one);
    }
  }
  return form;
};

export function authorizationRequest(
  idp: RunningIdp,
  params: AuthorizationParams = {},
  client: IdpClient = CLIENT,
): LoginAttempt {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = new URL('/auth', idp.issuer);
  url.search = toForm({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0] ?? '',
    response_type: 'code',
    scope: 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url, state, nonce, verifier };
}

/** How {@link pushedAuthorizationRequest} pushes: client authentication, and a DPoP proof. */
export interface PushOptions {
  /** Default `basic`; `params` go into the pushed body (a `client_assertion`). */
  auth?: { method: ClientAuth; params?: AuthorizationParams };
  /** A DPoP proof: the IdP then binds the code to its key (`dpop_jkt`, RFC 9449 §10). */
  dpop?: DpopOption;
}

/**
 * The same request pushed first (RFC 9126, `client_secret_basic`): the attempt's URL carries
 * only `client_id` and the `request_uri` the IdP answered.
 *
 * @example
 * ```ts
 * const attempt = await pushedAuthorizationRequest(idp);
 * const { callbackUrl } = await loginAtIdp({ authorizationUrl: attempt.url, login, password });
 * ```
 */
export async function pushedAuthorizationRequest(
  idp: RunningIdp,
  params: AuthorizationParams = {},
  client: IdpClient = CLIENT,
  push: PushOptions = {},
): Promise<LoginAttempt> {
  const attempt = authorizationRequest(idp, params, client);
  const form = new URLSearchParams(attempt.url.searchParams);
  for (const [name, value] of toForm(push.auth?.params ?? {})) form.set(name, value);
  const response = await postForm(
    idp,
    '/request',
    form,
    client,
    push.auth?.method ?? 'basic',
    push.dpop,
  );
  if (response.status !== 201) {
    throw new Error(
      `pushed authorization request failed: ${response.status} ${await response.text()}`,
    );
  }
  const { request_uri: requestUri } = (await response.json()) as { request_uri: string };
  const url = new URL('/auth', idp.issuer);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    request_uri: requestUri,
  }).toString();
  return { ...attempt, url };
}

// RFC 6749 §2.3.1's form encoding, as openid-client does it: `-` becomes `%2D`, a space `+`.
const encode = (value: string) =>
  encodeURIComponent(value)
    .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');

function basicAuth(client: IdpClient): string {
  return `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
}

/**
 * How {@link postForm} authenticates the client: `basic` (form-encoded id and secret, as
 * RFC 6749 §2.3.1 and openid-client do), `basic-unencoded` (as sent by clients that skip the
 * encoding), `post` (in the body), or `none` (the body carries whatever, e.g. a client_assertion).
 */
export type ClientAuth = 'basic' | 'basic-unencoded' | 'post' | 'none';

/**
 * A `DPoP` header for a request: a fresh proof by `key` for the request's method and URL
 * (with `nonce` when given), or a ready-made `proof` sent as is (a replayed or a wrong one).
 */
export type DpopOption = { key: DpopKey; nonce?: string } | { proof: string };

/** A form POST to the IdP; a `URLSearchParams` body may repeat a parameter. */
export async function postForm(
  idp: RunningIdp,
  path: string,
  body: AuthorizationParams | URLSearchParams,
  client: IdpClient = CLIENT,
  auth: ClientAuth = 'basic',
  dpop?: DpopOption,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (dpop) {
    headers.dpop =
      'proof' in dpop
        ? dpop.proof
        : await dpopProof(dpop.key, {
            htm: 'POST',
            htu: new URL(path, idp.issuer).href,
            ...(dpop.nonce === undefined ? {} : { nonce: dpop.nonce }),
          });
  }
  if (auth === 'basic') headers.authorization = basicAuth(client);
  if (auth === 'basic-unencoded') {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  }
  const form = new URLSearchParams(body instanceof URLSearchParams ? body : toForm(body));
  if (auth === 'post') {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  }
  return fetch(new URL(path, idp.issuer), { method: 'POST', headers, body: form.toString() });
}

export async function exchangeCode(
  idp: RunningIdp,
  attempt: LoginAttempt,
  callbackUrl: URL,
  client: IdpClient = CLIENT,
  auth: ClientAuth = 'basic',
  extra: Record<string, string> = {},
  dpop?: DpopOption,
): Promise<Response> {
  return postForm(
    idp,
    '/token',
    {
      grant_type: 'authorization_code',
      code: callbackUrl.searchParams.get('code') ?? '',
      redirect_uri: client.redirectUris[0] ?? '',
      code_verifier: attempt.verifier,
      ...extra,
    },
    client,
    auth,
    dpop,
  );
}

/** A refresh_token grant; `extra` adds parameters (`resource`, `scope`); `dpop` a proof. */
export function refresh(
  idp: RunningIdp,
  refreshToken: string,
  client: IdpClient = CLIENT,
  extra: AuthorizationParams = {},
  dpop?: DpopOption,
): Promise<Response> {
  return postForm(
    idp,
    '/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    client,
    'basic',
    dpop,
  );
}

/**
 * A client_credentials grant of `client` (`client_secret_basic`); `extra` adds `resource` or
 * `scope`.
 *
 * @example
 * ```ts
 * const response = await clientCredentials(idp, { resource: 'urn:cloakroom:billing' });
 * ```
 */
export function clientCredentials(
  idp: RunningIdp,
  extra: AuthorizationParams = {},
  client: IdpClient = CLIENT,
  dpop?: DpopOption,
): Promise<Response> {
  return postForm(
    idp,
    '/token',
    { grant_type: 'client_credentials', ...extra },
    client,
    'basic',
    dpop,
  );
}

/** Logs in as `login` and exchanges the code: the tokens a BFF would hold. */
export async function loginForTokens(
  idp: RunningIdp,
  login = 'alice',
  password = `${login}-pw`,
  jar?: CookieJar,
  client: IdpClient = CLIENT,
  params: AuthorizationParams = {},
): Promise<{ tokens: TokenResponse; attempt: LoginAttempt; jar: CookieJar }> {
  const attempt = authorizationRequest(idp, params, client);
  const result = await loginAtIdp({
    authorizationUrl: attempt.url,
    login,
    password,
    ...(jar ? { jar } : {}),
  });
  const response = await exchangeCode(idp, attempt, result.callbackUrl, client);
  if (response.status !== 200) {
    throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  }
  return { tokens: (await response.json()) as TokenResponse, attempt, jar: result.jar };
}

/**
 * Whether the browser behind `jar` still has an IdP session: a `prompt=none` authorization
 * comes back with a code (`true`) or with `login_required` (`false`).
 *
 * @example
 * ```ts
 * await logoutAtIdp({ endSessionUrl, jar });
 * expect(await idpSessionAlive(idp, jar)).toBe(false);
 * ```
 */
export async function idpSessionAlive(
  idp: RunningIdp,
  jar: CookieJar,
  client: IdpClient = CLIENT,
): Promise<boolean> {
  const attempt = authorizationRequest(idp, { prompt: 'none' }, client);
  const { callbackUrl } = await loginAtIdp({
    authorizationUrl: attempt.url,
    login: 'nobody',
    password: 'nobody',
    jar,
  });
  if (callbackUrl.searchParams.has('code')) return true;
  if (callbackUrl.searchParams.get('error') === 'login_required') return false;
  throw new Error(`unexpected answer to prompt=none: ${callbackUrl.search}`);
}
