import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDebianBinary, freeLoopbackPort } from '@cloakroom/testkit';

/**
 * The load balancer a deployment puts in front of several BFF instances, as config text:
 * round-robin, passive health checks (`max_fails`), and a failed connection retried on the
 * next instance (`proxy_next_upstream`), which nginx does only for idempotent requests.
 * It forwards the client's host, scheme and address; the BFF trusts them with TRUST_PROXY=true.
 * X-Forwarded-For is overwritten, not appended to: at the edge, a client-sent value is a lie,
 * and Koa takes the leftmost address as the client's.
 */
export function nginxConfig(options: { dir: string; port: number; upstreamPorts: number[] }) {
  const servers = options.upstreamPorts
    .map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=10s;`)
    .join('\n');
  const temp = (name: string) => `${name}_temp_path ${join(options.dir, 'tmp', name)};`;
  return `
${process.getuid?.() === 0 ? 'user root root;' : ''}
worker_processes 1;
daemon off;
pid ${join(options.dir, 'nginx.pid')};
error_log ${join(options.dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${temp('client_body')}
  ${temp('proxy')}
  ${temp('fastcgi')}
  ${temp('uwsgi')}
  ${temp('scgi')}
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }
  upstream cloakroom_bff {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${options.port};
    location / {
      proxy_pass http://cloakroom_bff;
      proxy_http_version 1.1;
      # WebSockets pass through (Upgrade); other requests keep the upstream keep-alive ("").
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_buffering off;
      # Event streams and WebSockets may be quiet for long; the BFF bounds them itself (and
      # closes them when their session ends).
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
`;
}

/**
 * Runs nginx in the foreground with a generated config in a temp dir (pid, logs and temp files
 * inside it), listening on a free loopback port.
 *
 * @example
 * const lb = await startNginx({ upstreamPorts: [3001, 3002, 3003] });
 */
export async function startNginx(options: { upstreamPorts: number[] }) {
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-nginx-'));
  for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, 'tmp', name), { recursive: true });
  }
  const port = await freeLoopbackPort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ dir, port, upstreamPorts: options.upstreamPorts }));
  const binary = findDebianBinary('nginx');
  if (!binary) throw new Error('nginx is not installed (apt-get install nginx)');
  const child = spawn(binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    // A TCP connect, not an HTTP request: a request now would reach the not yet started
    // instances and mark them failed (max_fails) for fail_timeout.
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running nginx from {@link startNginx}. */
export type Nginx = Awaited<ReturnType<typeof startNginx>>;
