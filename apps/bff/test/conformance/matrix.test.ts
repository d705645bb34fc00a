// The conformance matrix: for each profile of the dev IdP (imitating Keycloak, Auth0, Entra ID,
// Okta, Google, Cognito), the BFF configured from that IdP's recipe logs in, calls the API,
// refreshes, logs out and receives a back-channel logout. Each step is asserted to work, or to
// degrade exactly as the profile predicts; docs/idps/matrix.md is what this run observed.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from '@cloakroom/http-server';
import {
  idpProfiles,
  PKJWT_CLIENT_ID,
  type IdpBehaviour,
  type IdpProfileName,
} from '@cloakroom/idp';
import { logoutAtIdp } from '@cloakroom/idp/testing';
import { startStack, type LibraryStack } from '@cloakroom/test-stack';
import { HttpBrowser, parseForm } from '@cloakroom/testkit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { renderMatrix, steps, type Cell, type Row } from './matrix-report.ts';
import { readRecipeEnv, recipeSettings } from './recipe-env.ts';

const profiles = ['default', 'keycloak', 'auth0', 'entra', 'okta', 'google', 'cognito'] as const;
const matrixFile = fileURLToPath(new URL('../../../../docs/idps/matrix.md', import.meta.url));
const accessTokenTtlSeconds = 20;
const rows = new Map<string, Row>();

const ok = (note: string): Cell => ({ outcome: 'ok', note });
const degraded = (note: string): Cell => ({ outcome: 'degraded', note });

/** What each step must do against a profile, from what the profile says the IdP offers. */
function expectedOutcomes(
  behaviour: IdpBehaviour,
): Record<(typeof steps)[number], Cell['outcome']> {
  return {
    login: 'ok',
    api: 'ok',
    refresh: behaviour.refreshTokens === 'never' ? 'degraded' : 'ok',
    logout: behaviour.revocation ? 'ok' : 'degraded',
    idpSession: behaviour.endSession === 'none' ? 'degraded' : 'ok',
    backchannel: behaviour.backchannelLogout ? 'ok' : 'degraded',
  };
}

/** An upstream that answers what it was sent: for IdPs whose access tokens are not JWTs. */
async function startEchoUpstream() {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
  return listen(server, { port: 0, host: '127.0.0.1' });
}

/** A private key file for private_key_jwt; the IdP reads its public half from /bff/jwks. */
function writeClientKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-matrix-'));
  const file = join(dir, 'bff-key.pem');
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  writeFileSync(file, key.export({ format: 'pem', type: 'pkcs8' }));
  return file;
}

/** Whether a login from `browser` now has to show the IdP's password form. */
async function idpAsksForPassword(stack: LibraryStack, browser: HttpBrowser): Promise<boolean> {
  const page = await browser.follow(`${stack.bffUrl}/bff/login`);
  const html = await page.response.text();
  return parseForm(html, page.url)?.fields.has('password') ?? false;
}

/** The user signs out at the IdP itself (its end-session endpoint), confirming its form. */
async function signOutAtIdp(stack: LibraryStack, browser: HttpBrowser): Promise<void> {
  const discovery = (await (
    await fetch(`${stack.idp.url}/.well-known/openid-configuration`)
  ).json()) as { end_session_endpoint: string };
  await logoutAtIdp({
    endSessionUrl: `${discovery.end_session_endpoint}?client_id=cloakroom-bff`,
    jar: browser.jar,
  });
}

/**
 * A check made while a profile runs: what each step observed decides its cell, so the checks sit
 * inside the branches; a failed one throws with what was seen. The test then asserts every
 * cell's outcome against the profile's prediction.
 */
function must(condition: boolean, what: string, seen?: unknown): asserts condition {
  if (!condition)
    throw new Error(`${what}${seen === undefined ? '' : `; saw ${JSON.stringify(seen)}`}`);
}

async function runProfile(profile: IdpProfileName): Promise<{ row: Row; logLines: string[] }> {
  const behaviour = idpProfiles[profile];
  const recipe = profile === 'default' ? {} : readRecipeEnv(profile);
  const usesKey = recipe.OIDC_CLIENT_AUTH === 'private_key_jwt';
  const echo = behaviour.accessTokens === 'opaque' ? await startEchoUpstream() : undefined;
  const stack = await startStack({
    idpProfile: profile,
    accessTokenTtlSeconds,
    fakeClock: true,
    ...(echo ? { apiUpstream: echo.url } : {}),
    // The recipe as the server reads it, on the dev IdP's site once it listens.
    bffOptions: ({ issuer, idpUrl }) => {
      const { bffOptions } = loadConfig({
        ...recipeSettings(recipe, { idpOrigin: idpUrl, apiAudience: 'api' }),
        OIDC_ISSUER: issuer,
        REFRESH_SKEW_SECONDS: '5',
        ...(usesKey
          ? { OIDC_CLIENT_ID: PKJWT_CLIENT_ID, OIDC_CLIENT_KEY_FILE: writeClientKey() }
          : {}),
      });
      const {
        publicUrl: _publicUrl,
        secrets: _secrets,
        apiUpstream: _api,
        ...settings
      } = bffOptions;
      return settings;
    },
  });
  try {
    const row = {} as Row;
    const browser = await stack.login();

    const user = await stack.call(browser, '/bff/user');
    const { claims } = (await user.json()) as { claims: Record<string, unknown> };
    must(user.status === 200, '/bff/user answers 200 after login', user.status);
    must(claims.email === 'alice@example.com', 'the user has her email claim', claims);
    // What this login used, each checked: PAR shows as a request_uri in the redirect to the IdP.
    const toIdp = browser.hops.find((hop) => hop.url.startsWith(`${stack.bffUrl}/bff/login`));
    const usedPar = new URL(toIdp!.location!).searchParams.has('request_uri');
    must(usedPar === (recipe.OIDC_PAR === 'true'), 'PAR is used exactly when the recipe says');
    const used = [
      usedPar && 'PAR',
      usesKey
        ? 'private_key_jwt'
        : recipe.OIDC_CLIENT_AUTH === 'client_secret_post' && 'client_secret_post',
      behaviour.tenantIssuer && '{tenantid} issuer',
      recipe.OIDC_USERINFO === 'true' && 'claims from userinfo',
    ].filter(Boolean);
    row.login = ok(used.length ? `signed in (${used.join(', ')})` : 'signed in');

    const api = await stack.call(browser, '/api/me');
    must(api.status === 200, 'the API call answers 200', api.status);
    if (echo) {
      const { authorization } = (await api.json()) as { authorization: string };
      must(
        /^Bearer [^.\s]+$/.test(authorization),
        'the opaque token reaches the upstream as it is',
        authorization.slice(0, 7),
      );
      row.api = ok('opaque token passed as it is');
    } else {
      const me = (await api.json()) as { sub?: unknown };
      must(typeof me.sub === 'string', 'the API verified the JWT and names the user', me);
      row.api = ok('JWT verified by the API');
    }

    const grants = stack.idp.stats.grants.refresh_token ?? 0;
    stack.advance(accessTokenTtlSeconds * 1000);
    const later = await stack.call(browser, '/api/me');
    if (later.status === 200) {
      must(
        stack.idp.stats.grants.refresh_token === grants + 1,
        'one refresh grant',
        stack.idp.stats.grants,
      );
      row.refresh = ok(behaviour.rotateRefreshTokens ? 'rotated refresh token' : 'refresh token');
    } else {
      must(later.status === 401, 'an expired session answers 401', later.status);
      const body = (await later.json()) as { error?: string };
      must(body.error === 'session_expired', 'the 401 says session_expired', body);
      row.refresh = degraded('no refresh token: signed out when the access token expires');
    }

    const revocations = stack.idp.stats.revocations;
    const logout = await stack.call(browser, '/bff/logout', { method: 'POST' });
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    must(
      (await stack.call(browser, '/bff/user')).status === 401,
      'the session is gone after logout',
    );
    row.logout =
      stack.idp.stats.revocations === revocations + 1
        ? ok('session ended, refresh token revoked')
        : degraded('session ended; the refresh token is not revoked (no revocation endpoint)');

    if (redirectTo !== '/') await logoutAtIdp({ endSessionUrl: redirectTo, jar: browser.jar });
    row.idpSession = (await idpAsksForPassword(stack, browser))
      ? ok(
          recipe.OIDC_LOGOUT_ID_TOKEN_HINT === 'true'
            ? 'ended (with id_token_hint)'
            : recipe.OIDC_END_SESSION_URL
              ? 'ended at its own logout URL'
              : 'ended at end-session',
        )
      : degraded('outlives the logout: the next login skips the password');

    const second = await stack.login();
    if (behaviour.backchannelLogout) {
      const received = stack.idp.stats.backchannelSuccess;
      await signOutAtIdp(stack, second);
      must(
        stack.idp.stats.backchannelSuccess === received + 1,
        'the BFF accepted the logout token',
      );
      must(
        (await stack.call(second, '/bff/user')).status === 401,
        'back-channel logout ended the session',
      );
      row.backchannel = ok(`session ended (logout token typ ${behaviour.logoutTokenTyp})`);
    } else {
      row.backchannel = degraded('not offered: an IdP logout leaves the session to its timeouts');
    }
    return { row, logLines: stack.logLines };
  } finally {
    await stack.close();
    await echo?.close();
  }
}

describe('the IdP conformance matrix', () => {
  it.each(profiles)(
    'logs in, calls the API, refreshes and logs out against the %s profile, as predicted',
    async (profile) => {
      const { row, logLines } = await runProfile(profile);
      const predicted = expectedOutcomes(idpProfiles[profile]);
      expect(Object.fromEntries(steps.map((step) => [step, row[step].outcome]))).toEqual(predicted);
      // Each missing capability is named at start-up, once.
      const missing = (capability: string) =>
        logLines.filter((line) => line.includes(`the IdP has no ${capability}`)).length;
      expect(missing('revocation_endpoint')).toBe(idpProfiles[profile].revocation ? 0 : 1);
      expect(missing('backchannel_logout_supported')).toBe(
        idpProfiles[profile].backchannelLogout ? 0 : 1,
      );
      rows.set(profile, row);
    },
  );

  // Runs after the profiles (a file's tests run in order): the page needs every row.
  it('docs/idps/matrix.md is what this run observed (pnpm matrix rewrites it)', () => {
    expect([...rows.keys()]).toEqual([...profiles]);
    const page = renderMatrix(profiles.map((profile) => [profile, rows.get(profile)!]));
    if (process.env.UPDATE_MATRIX === '1') writeFileSync(matrixFile, page);
    expect(readFileSync(matrixFile, 'utf8')).toBe(page);
  });
});
