// Apache httpd with mod_auth_openidc (Debian's apache2 + libapache2-mod-auth-openidc), the
// most used non-Node OIDC reverse proxy, as a peer row. Measured facts and pitfalls of 2.4.12
// (see /work/shared/FACTS.md): there is no OIDCPassAccessToken, the token is attached with
// RequestHeader from the OIDC_access_token variable; fetch()-like requests get a 401 rather
// than a redirect, so the login runs through its own location with `OIDCUnAuthAction auth`;
// the children run as www-data, so the config directory must be world-readable.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpuPlan, pinnedCommand } from './cpu-pinning.ts';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningIdp } from '@cloakroom/idp';
import { startDevIdp } from '@cloakroom/idp/testing';
import { loggedInHeaders } from './peer-targets.ts';

const apache = '/usr/sbin/apache2';
const modules = '/usr/lib/apache2/modules';

/** Why Apache + mod_auth_openidc cannot run here, or undefined when it can. */
export function apacheUnavailable(): string | undefined {
  if (!existsSync(apache) || !existsSync(join(modules, 'mod_auth_openidc.so')))
    return 'apache2 and libapache2-mod-auth-openidc are not installed (Debian: apt-get install apache2 libapache2-mod-auth-openidc)';
  return undefined;
}

/** A running Apache peer: its URL, the root process (whose children serve), a session. */
export interface ApacheTarget {
  url: string;
  pid: number;
  headers: Record<string, string>;
  idp: RunningIdp;
  stop(): Promise<void>;
}

/**
 * Starts Apache (event MPM, its defaults) in the foreground with a config of its own in a temp
 * directory, its own dev IdP, `/api/` proxied to `apiUpstream` with the access token attached,
 * and logs alice in.
 *
 * @example
 * if (!apacheUnavailable()) peers.push(await startApacheTarget({ apiUpstream }));
 */
export async function startApacheTarget(options: {
  apiUpstream: string;
  logDir?: string;
  /** Access token lifetime at its IdP (default a day). */
  accessTokenTtlSeconds?: number;
}): Promise<ApacheTarget> {
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-apache-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'htdocs', 'bff'), { recursive: true });
  writeFileSync(join(dir, 'htdocs', 'bff', 'login'), 'logged in\n');
  const idp = await startDevIdp(publicUrl, {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 24 * 60 * 60,
  });
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      // SIGTERM to the foreground parent stops its children too.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const upstream = new URL(options.apiUpstream);
    const asRoot = process.getuid?.() === 0;
    const errorLog = options.logDir
      ? join(options.logDir, 'apache-error.log')
      : join(dir, 'error.log');
    writeFileSync(
      join(dir, 'httpd.conf'),
      [
        `ServerRoot "${dir}"`,
        `ServerName localhost`,
        `Listen 127.0.0.1:${port}`,
        `PidFile "${dir}/httpd.pid"`,
        `ErrorLog "${errorLog}"`,
        'LogLevel warn',
        ...[
          'mpm_event',
          'authn_core',
          'authz_core',
          'authz_user',
          'headers',
          'proxy',
          'proxy_http',
          'auth_openidc',
        ].map((m) => `LoadModule ${m}_module ${modules}/mod_${m}.so`),
        ...(asRoot ? ['User www-data', 'Group www-data'] : []),
        `DocumentRoot "${dir}/htdocs"`,
        `OIDCProviderMetadataURL ${idp.issuer}/.well-known/openid-configuration`,
        'OIDCClientID cloakroom-bff',
        'OIDCClientSecret cloakroom-dev-secret',
        `OIDCRedirectURI ${publicUrl}/bff/callback`,
        'OIDCCryptoPassphrase bench-passphrase-0123456789abcdef',
        // The dev IdP issues refresh tokens without offline_access (which oidc-provider grants only
        // with prompt=consent); 2.4.12 repeats the scope on refresh, and an ungranted one fails.
        'OIDCScope "openid"',
        'OIDCPKCEMethod S256',
        'OIDCSSLValidateServer Off',
        // Refresh an access token once it has expired (2.4.12 has no lock: see the storm row).
        'OIDCRefreshAccessTokenBeforeExpiry 0',
        '<Location /bff/>',
        '  AuthType openid-connect',
        '  Require valid-user',
        '  OIDCUnAuthAction auth true',
        '</Location>',
        '<Location /api/>',
        '  AuthType openid-connect',
        '  Require valid-user',
        '  OIDCUnAuthAction 401',
        '  RequestHeader set Authorization "Bearer %{OIDC_access_token}e" env=OIDC_access_token',
        '  RequestHeader unset Cookie',
        `  ProxyPass http://${upstream.host}/`,
        '</Location>',
        '',
      ].join('\n'),
    );
    // Apache forks its workers: started pinned, they all inherit the target CPU.
    const [file, ...args] = pinnedCommand(
      [apache, '-d', dir, '-f', join(dir, 'httpd.conf'), '-DFOREGROUND'],
      cpuPlan()?.target,
    );
    child = spawn(file!, args, { stdio: 'ignore' });
    await waitForPort(port, child);
    // Loaded at its public host: mod_auth_openidc refuses a session cookie sent to another host
    // than it was issued for (and fetch() may not set `Host` itself).
    const url = publicUrl;
    const headers = await loggedInHeaders(publicUrl, url);
    return { url, pid: child.pid ?? 0, headers, idp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`apache2 exited (${child.exitCode}) at start`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('apache2 did not listen within 15 s');
}
