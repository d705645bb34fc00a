/**
 * `npm start` (after `scripts/bootstrap.sh` has built the SPA when it was stale) runs the dev IdP, the sample API, the BFF (serving the SPA)
 * and the CSRF demo's attacker page, each as its own process on loopback, with prefixed output.
 * Ctrl-C (or any process dying) stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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

const processes: Array<{ name: string; command: string[]; color: number; cwd?: string }> = [
  { name: 'idp', command: [node, 'apps/idp/src/main.ts'], color: 35 },
  { name: 'api', command: [node, 'apps/api/src/main.ts'], color: 36 },
  { name: 'bff', command: [node, '--expose-gc', 'apps/bff/src/main.ts'], color: 32 },
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

for (const { name, command, color, cwd } of processes) {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    cwd: cwd ?? root,
    env,
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
