/**
 * `npm start` (after `scripts/bootstrap.sh` has built the SPA when it was stale) runs the dev IdP, the sample API, the BFF (serving the SPA)
 * and the CSRF demo's attacker page, each as its own process on loopback, with prefixed output.
 * A second sample API, `billing` (127.0.0.1:4003, audience `urn:cloakroom:billing`), stands for
 * another API behind the same session: the IdP serves that resource, and the BFF's route table
 * (apps/bff/dev-routes.json, unless BFF_ROUTES says otherwise) sends `/api/billing` there with a
 * token of its own and `/api/billing-service` with the BFF's client-credentials token.
 * Ctrl-C (or any process dying) stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

// `--dev` (pnpm dev): the SPA runs on Vite's dev server (hot reload) at :5173, which proxies
// /bff and /api to the BFF; the browser's origin is then :5173, so the BFF and the IdP's client
// registration use it as the public URL.
const dev = process.argv.includes('--dev');
const publicUrl = dev
  ? 'http://localhost:5173'
  : (process.env.PUBLIC_URL ?? 'http://localhost:3000');
const env = { ...process.env, PUBLIC_URL: publicUrl, BFF_PUBLIC_URL: publicUrl };

/** The second sample API's resource indicator, which is also its audience. */
const billingResource = 'urn:cloakroom:billing';
// Resources the IdP serves: the billing API's, besides any the environment lists already.
const listed = (process.env.IDP_RESOURCES ?? '').split(',').map((resource) => resource.trim());
const idpResources = [...new Set([...listed, billingResource])].filter(Boolean).join(',');

const processes: Array<{
  name: string;
  command: string[];
  color: number;
  cwd?: string;
  env?: Record<string, string>;
}> = [
  {
    name: 'idp',
    command: [node, 'apps/idp/src/main.ts'],
    color: 35,
    env: { IDP_RESOURCES: idpResources },
  },
  { name: 'api', command: [node, 'apps/api/src/main.ts'], color: 36 },
  {
    name: 'billing',
    command: [node, 'apps/api/src/main.ts'],
    color: 34,
    env: { API_PORT: '4003', API_AUDIENCE: billingResource },
  },
  {
    name: 'bff',
    command: [node, '--expose-gc', 'apps/bff/src/main.ts'],
    color: 32,
    env: { BFF_ROUTES: process.env.BFF_ROUTES || join(root, 'apps/bff/dev-routes.json') },
  },
  { name: 'attacker', command: [node, 'apps/attacker/src/main.ts'], color: 31 },
];
// Vite runs directly (not through pnpm), so stopping it is one signal to one process.
if (dev) {
  processes.push({
    name: 'vite',
    command: [node, 'node_modules/vite/bin/vite.js'],
    color: 33,
    cwd: `${root}/apps/spa`,
  });
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const exit = () => process.exit(code);
  setTimeout(exit, 1_500).unref();
  Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
        ),
    ),
  ).then(exit, exit);
}

for (const { name, command, color, cwd, env: own } of processes) {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    cwd: cwd ?? root,
    env: { ...env, ...own },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\u001b[${color}m${name.padEnd(8)}\u001b[0m| `;
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  relay(child.stdout!, process.stdout);
  relay(child.stderr!, process.stderr);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`start: ${name} exited (${signal ?? code}); stopping the others`);
      stopAll(code === 0 ? 1 : (code ?? 1));
    }
  });
  children.push(child);
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
console.warn(
  `start: open ${publicUrl} (users alice/alice-pw, bob/bob-pw); Ctrl-C stops everything`,
);
