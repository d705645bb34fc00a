import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type RunningApi } from '@cloakroom/api';
import { bffClient, startIdp, type RunningIdp } from '@cloakroom/idp';
import { freeLoopbackPort, HttpBrowser, loginOverHttp } from '@cloakroom/testkit';
import { createConsumerProject, installOldestNode } from './support/consumer-project.ts';
import { startChild } from './support/run-child.ts';

/**
 * The packages as someone else installs them: the packed tarballs in a fresh npm project outside
 * the workspace, used the two ways README's "Using the library" shows — createBff in one's own
 * Koa app, and the `cloakroom-server` bin configured by env — plus a Vite React app built with
 * @cloakroom/react and the msw handlers of @cloakroom/mocks; on Node 24 and on Node 22.13.
 * The dev IdP and the sample API run in this process, from the workspace, as the user's IdP
 * and API would.
 */
describe('a consumer project installed from the packed tarballs', () => {
  let dir: string;
  let idp: RunningIdp;
  let api: RunningApi;
  let bffUrl: string;
  let port: number;
  const nodes: { label: string; node: string }[] = [{ label: 'Node 24', node: process.execPath }];

  beforeAll(async () => {
    const project = createConsumerProject(inject('packed'));
    dir = project.dir;
    // The one slow step; reported so a slower CI is noticed rather than guessed at.
    console.warn(`consumer test: npm install took ${(project.installMs / 1000).toFixed(1)} s`);
    nodes.push({ label: 'Node 22.13', node: installOldestNode() });
    port = await freeLoopbackPort();
    bffUrl = `http://localhost:${port}`;
    idp = await startIdp({ clients: [bffClient(bffUrl)] });
    api = await startApi({ issuer: idp.issuer });
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Only what the user's process would get: no workspace, no vitest variables. */
  const envFor = (node: string, extra: Record<string, string>) => ({
    PATH: `${dirname(node)}:${process.env.PATH}`,
    HOME: process.env.HOME ?? '/tmp',
    ...extra,
  });

  /** Logs alice in over HTTP as a browser would, then calls `/api/me` through the BFF. */
  async function loginThenCallApiMe(): Promise<{
    landedOn: string;
    status: number;
    body: unknown;
  }> {
    const browser = new HttpBrowser();
    const login = await loginOverHttp(browser, bffUrl, { login: 'alice', password: 'alice-pw' });
    await login.response.body?.cancel();
    const me = await browser.request(`${bffUrl}/api/me`, { headers: { 'x-csrf': '1' } });
    return { landedOn: login.finalUrl, status: me.status, body: await me.json() };
  }

  const loggedInAsAlice = () => ({
    landedOn: `${bffUrl}/`,
    status: 200,
    // The sample API's ApiIdentity: the BFF attached alice's token for the default API.
    body: expect.objectContaining({
      sub: 'alice',
      aud: 'api',
      clientId: 'cloakroom-bff',
      tokenFingerprint: expect.stringMatching(/^[0-9a-f]{12}$/),
    }),
  });

  it('type-checks the Koa app, the mocks check and the SPA with tsc against the installed types', () => {
    // tsc emits build/*.js too: the JavaScript the apps below run on every Node version.
    const tsc = spawnSync(
      process.execPath,
      [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });

  // Test names are fixed when collecting; the Node 22.13 binary is known only after beforeAll.
  for (const which of ['Node 24', 'Node 22.13']) {
    const nodeOf = () => nodes.find((n) => n.label === which)!.node;

    it(`(a) a plain Koa app with createBff logs alice in and proxies /api/me (${which})`, async () => {
      const app = await startChild(nodeOf(), ['build/koa-app.js'], {
        cwd: dir,
        ready: /koa app listening/,
        env: envFor(nodeOf(), {
          PORT: String(port),
          PUBLIC_URL: bffUrl,
          OIDC_ISSUER: idp.issuer,
          OIDC_CLIENT_SECRET: 'cloakroom-dev-secret',
          API_UPSTREAM: api.url,
          SESSION_FILE: join(dir, `sessions-${which.replace(/\W/g, '')}.db`),
          SESSION_SECRET: 'consumer-test-secret-0123456789abcdef',
        }),
      });
      try {
        expect(await loginThenCallApiMe()).toEqual(loggedInAsAlice());
      } finally {
        await app.stop();
      }
    });

    it(`(b) a Vite React app builds with @cloakroom/react (${which})`, () => {
      execFileSync(nodeOf(), [join(dir, 'node_modules/vite/bin/vite.js'), 'build', 'spa'], {
        cwd: dir,
        env: envFor(nodeOf(), {}),
        stdio: 'pipe',
      });
      const html = readFileSync(join(dir, 'spa/dist/index.html'), 'utf8');
      const [bundle] = readdirSync(join(dir, 'spa/dist/assets')).filter((f) => f.endsWith('.js'));
      expect(html).toContain(`/assets/${bundle}`);
      // @cloakroom/react's session request, bundled from the installed dist/ JavaScript.
      expect(readFileSync(join(dir, 'spa/dist/assets', bundle!), 'utf8')).toContain('/bff/user');
    });

    it(`(c) cloakroom-server serves SPA_DIR, /healthz, /readyz, /metrics, and logs in (${which})`, async () => {
      const server = await startChild(join(dir, 'node_modules/.bin/cloakroom-server'), [], {
        cwd: dir,
        ready: /listening on/,
        env: envFor(nodeOf(), {
          PORT: String(port),
          PUBLIC_URL: bffUrl,
          OIDC_ISSUER: idp.issuer,
          API_UPSTREAM: api.url,
          SPA_DIR: join(dir, 'spa/dist'),
          LOG_LEVEL: 'warn',
        }),
      });
      try {
        expect((await fetch(`${bffUrl}/healthz`)).status).toBe(200);
        const ready = await fetch(`${bffUrl}/readyz`);
        expect(ready.status).toBe(200);
        const metrics = await fetch(`${bffUrl}/metrics`);
        expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await metrics.text()).toContain('# TYPE');
        const page = await fetch(`${bffUrl}/some/client/route`, {
          headers: { accept: 'text/html' },
        });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<title>consumer SPA</title>');
        expect(await loginThenCallApiMe()).toEqual(loggedInAsAlice());
      } finally {
        await server.stop();
      }
    });

    it(`(mocks) the msw handlers answer /bff/user in Node (${which})`, () => {
      const out = execFileSync(nodeOf(), ['build/mocks-check.js'], {
        cwd: dir,
        env: envFor(nodeOf(), {}),
        encoding: 'utf8',
      });
      expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
        status: 200,
        sub: 'alice',
        alice: 'alice',
      });
    });
  }
});
