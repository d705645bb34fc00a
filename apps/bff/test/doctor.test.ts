import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevIdp } from '@cloakroom/idp/testing';
import { freeLoopbackPort, listenOnLoopback, scanForSecrets } from '@cloakroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const doctorMain = fileURLToPath(new URL('../src/doctor/main.ts', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const secret = 'doctor-test-client-secret-4f9c2a';

/** The parent's environment without its OIDC_* settings, so only the test's reach the CLI. */
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('OIDC_')),
);

/** `node <script> …args` as a user runs it; resolves with the exit code and both streams. */
function runCli(
  args: string[],
  env: Record<string, string> = {},
  script = doctorMain,
): Promise<{ code: number | null; stdout: string; stderr: string; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { env: { ...baseEnv, OIDC_CLIENT_SECRET: secret, ...env }, timeout: 30_000 },
      (_error, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr, output: stdout + stderr }),
    );
  });
}

describe('pnpm doctor against the dev IdP imitating other IdPs', () => {
  let noPkce: Awaited<ReturnType<typeof startDevIdp>>;
  let entra: Awaited<ReturnType<typeof startDevIdp>>;
  let google: Awaited<ReturnType<typeof startDevIdp>>;
  beforeAll(async () => {
    [noPkce, entra, google] = await Promise.all([
      startDevIdp('http://localhost:3999', { idpProfile: 'no-pkce' }),
      startDevIdp('http://localhost:3999', { idpProfile: 'entra' }),
      startDevIdp('http://localhost:3999', { idpProfile: 'google' }),
    ]);
  });
  afterAll(() => Promise.all([noPkce.close(), entra.close(), google.close()]));

  it('exits 1 naming PKCE for an IdP that does not offer S256', async () => {
    const { code, stdout } = await runCli(['--issuer', noPkce.issuer]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✖ PKCE S256/);
  });

  it("accepts Entra's {tenantid} issuer template", async () => {
    const { code, stdout } = await runCli(['--issuer', entra.bffIssuer], {
      OIDC_SCOPE: 'openid profile email offline_access',
    });
    expect({ code, stdout }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/tenant/);
  });

  it('says plainly that the IdP session outlives a logout at an IdP without end-session', async () => {
    const { stdout } = await runCli(['--issuer', google.issuer], { OIDC_SCOPE: 'openid email' });
    expect(stdout).toMatch(/IdP session outlives a Cloakroom logout/);
  });
});

describe('pnpm doctor against the dev IdP', () => {
  let idp: Awaited<ReturnType<typeof startDevIdp>>;
  beforeAll(async () => {
    idp = await startDevIdp('http://localhost:3999');
  });
  afterAll(() => idp.close());

  it('exits 0 and reports PKCE S256 as supported', async () => {
    const { code, stdout, output } = await runCli(['--issuer', idp.issuer]);
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(stdout).toContain('✔ PKCE S256: supported');
    expect(stdout).toContain('✔ every must-have is there');
  });

  it('takes --issuer=<url> and prints --json findings', async () => {
    const { code, stdout } = await runCli([`--issuer=${idp.issuer}`, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; findings: { id: string; level: string }[] };
    expect(report.ok).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ id: 'pkce_s256', level: 'ok' }),
    );
  });

  it('exits 1 when the configured client cannot work: an OIDC_CLIENT_AUTH that is no method', async () => {
    const { code, stdout } = await runCli(['--issuer', idp.issuer], {
      OIDC_CLIENT_AUTH: 'tls_client_auth',
    });
    expect(code).toBe(1);
    expect(stdout).toContain('✖ 1 must-have missing: client_auth');
  });

  it('never prints the client secret', async () => {
    for (const args of [
      ['--issuer', idp.issuer],
      ['--issuer', idp.issuer, '--json'],
    ]) {
      const { output } = await runCli(args, { OIDC_USERINFO: 'true', OIDC_PAR: 'true' });
      expect(scanForSecrets(output, [secret])).toEqual([]);
    }
  });

  it('runs as `cloakroom-server doctor` without starting the server', async () => {
    const { code, stdout } = await runCli(['doctor', '--issuer', idp.issuer], {}, bin);
    expect(code).toBe(0);
    expect(stdout).toContain('✔ PKCE S256: supported');
  });
});

describe('pnpm doctor against an IdP without PKCE in its metadata', () => {
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let issuer: string;
  beforeAll(async () => {
    server = await listenOnLoopback();
    issuer = `http://127.0.0.1:${server.port}`;
    const discovery = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
    const jwks = { keys: [{ kty: 'RSA', use: 'sig', kid: 'k', n: 'AQAB', e: 'AQAB' }] };
    server.attach((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration')
        return void res.end(JSON.stringify(discovery));
      if (req.url === '/jwks') return void res.end(JSON.stringify(jwks));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  afterAll(() => server.close());

  it('exits 1 naming PKCE S256 as the missing must-have', async () => {
    const { code, stdout, output } = await runCli(['--issuer', issuer]);
    expect({ code, output }).toMatchObject({ code: 1 });
    expect(stdout).toContain('✖ PKCE S256: code_challenge_methods_supported is missing');
    expect(stdout).toContain('✖ 1 must-have missing: pkce_s256');
    expect(scanForSecrets(output, [secret])).toEqual([]);
  });
});

describe('pnpm doctor when the IdP cannot be reached', () => {
  it('exits 1 saying it cannot be reached, with the URL and the reason, and no stack trace', async () => {
    const issuer = `http://127.0.0.1:${await freeLoopbackPort()}`;
    const { code, stdout, output } = await runCli(['--issuer', issuer]);
    expect({ code, output }).toMatchObject({ code: 1 });
    expect(stdout).toContain(
      `✖ discovery: the IdP cannot be reached at ${issuer}/.well-known/openid-configuration: connection refused`,
    );
    expect(output).not.toMatch(/\n\s+at /);
    expect(scanForSecrets(output, [secret])).toEqual([]);
  });
});

describe('pnpm doctor with bad arguments', () => {
  it.each([[['--isuer', 'https://idp.example']], [['--issuer', 'not a url']]])(
    'exits 2 with the usage for %j',
    async (args) => {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toContain('usage: pnpm doctor [--issuer <url>] [--json]');
    },
  );
});
