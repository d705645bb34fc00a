// An IdP that is down when the BFF starts: the BFF still starts, says it is not ready, sends a
// browser that tries to log in back to the SPA with a message, and recovers on its own.
import { bffClient, startIdp, type RunningIdp } from '@cloakroom/idp';
import { useStack } from '@cloakroom/test-stack';
import { freeLoopbackPort, logInBrowser, navigate } from '@cloakroom/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const idpPort = await freeLoopbackPort();
const issuer = `http://127.0.0.1:${idpPort}`;
// The deployable server, as a user runs it: it serves /healthz and /readyz.
const stack = useStack({ mode: 'server', idp: false, env: { OIDC_ISSUER: issuer } });
let idp: RunningIdp | undefined;
afterAll(() => idp?.close());

describe('an IdP that is down at start-up', () => {
  it('leaves the BFF running and not ready', async () => {
    expect((await fetch(`${stack.bffUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.bffUrl}/readyz`)).status).toBe(503);
  });

  it('sends a browser that tries to log in back to the SPA with login_error, not a JSON page', async () => {
    const answer = await navigate(`${stack.bffUrl}/bff/login?returnTo=/notes?x=1`);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/notes?x=1&login_error=idp_unavailable');
    expect(answer.body).not.toMatch(/"error"|at .*\.ts/);
  });

  it('answers a script (not a navigation) with the JSON error and its status', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/login`, { redirect: 'manual' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'idp_unavailable' });
  });

  it('recovers without a restart once the IdP is up', async () => {
    idp = await startIdp({ port: idpPort, clients: [bffClient(stack.bffUrl)] });
    expect((await fetch(`${stack.bffUrl}/readyz`)).status).toBe(200);
    const browser = await logInBrowser(stack.bffUrl);
    const user = await stack.call(browser, '/bff/user');
    expect(user.status).toBe(200);
  });
});
