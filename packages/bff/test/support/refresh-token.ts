import { cookieName, type HttpBrowser } from '@cloakroom/testkit';
import { testSessionSecret } from '@cloakroom/test-stack';
import type { SessionStore } from '@cloakroom/bff';
import { createSealer } from '../../src/crypto/sealer.ts';
import { createSessionCodec } from '../../src/session/session-codec.ts';
import type { TokenSet } from '../../src/session/session-data.ts';
import { storeKey } from '../../src/session/store-key.ts';

const codec = createSessionCodec(createSealer([testSessionSecret], 'session'));

/** The refresh token the store holds now for `browser`'s session (read as the BFF reads it). */
export async function storedRefreshToken(
  store: SessionStore,
  browser: HttpBrowser,
): Promise<string> {
  const key = storeKey(browser.jar.get('localhost', cookieName)!.value);
  const record = await store.get(key);
  if (!record) throw new Error('no session record');
  const token = (codec.decode(key, record)!.tokens as TokenSet).refreshToken;
  if (!token) throw new Error('the session holds no refresh token');
  return token;
}

/**
 * One refresh_token grant at the dev IdP as the BFF's client: the status of the answer (200
 * while the token is good). It uses the token up, so call it once, after the fact.
 */
export async function refreshAtIdp(issuer: string, refreshToken: string): Promise<number> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    token_endpoint: string;
  };
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('cloakroom-bff:cloakroom-dev-secret').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  await response.body?.cancel();
  return response.status;
}
