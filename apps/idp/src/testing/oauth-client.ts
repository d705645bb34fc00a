// A deliberately plain OAuth client for tests against the dev IdP: raw fetch calls, so each
// test sees exactly what goes over the wire (no openid-client in between).
import type { CookieJar } from '@cloakroom/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { bffClient } from '../bff-client.ts';
import type { IdpClient, RunningIdp } from '../types.ts';
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

export function authorizationRequest(
  idp: RunningIdp,
  params: Record<string, string> = {},
  client: IdpClient = CLIENT,
): LoginAttempt {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = new URL('/auth', idp.issuer);
  url.search = new URLSearchParams({
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

const encode = (value: string) => encodeURIComponent(value);

function basicAuth(client: IdpClient): string {
  return `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
}

export async function postForm(
  idp: RunningIdp,
  path: string,
  body: Record<string, string>,
  client: IdpClient = CLIENT,
): Promise<Response> {
  return fetch(new URL(path, idp.issuer), {
    method: 'POST',
    headers: {
      authorization: basicAuth(client),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body).toString(),
  });
}

export async function exchangeCode(
  idp: RunningIdp,
  attempt: LoginAttempt,
  callbackUrl: URL,
  client: IdpClient = CLIENT,
): Promise<Response> {
  return postForm(
    idp,
    '/token',
    {
      grant_type: 'authorization_code',
      code: callbackUrl.searchParams.get('code') ?? '',
      redirect_uri: client.redirectUris[0] ?? '',
      code_verifier: attempt.verifier,
    },
    client,
  );
}

export function refresh(
  idp: RunningIdp,
  refreshToken: string,
  client: IdpClient = CLIENT,
): Promise<Response> {
  return postForm(
    idp,
    '/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    client,
  );
}

/** Logs in as `login` and exchanges the code: the tokens a BFF would hold. */
export async function loginForTokens(
  idp: RunningIdp,
  login = 'alice',
  password = `${login}-pw`,
  jar?: CookieJar,
  client: IdpClient = CLIENT,
): Promise<{ tokens: TokenResponse; attempt: LoginAttempt; jar: CookieJar }> {
  const attempt = authorizationRequest(idp, {}, client);
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
