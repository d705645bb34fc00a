/**
 * `pnpm start`: builds the SPA, then runs the dev IdP, the sample API, the BFF (serving the SPA)
 * and the CSRF demo's attacker page, each as its own process on loopback, with prefixed output.
 * Ctrl-C (or any process dying) stops them all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

const build = spawnSync('pnpm', ['--filter', '@cloakroom/spa', 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('start: the SPA build failed');
  process.exit(build.status ?? 1);
}

const processes: Array<{ name: string; script: string; color: number }> = [
  { name: 'idp', script: 'apps/idp/src/main.ts', color: 35 },
  { name: 'api', script: 'apps/api/src/main.ts', color: 36 },
  { name: 'bff', script: 'apps/bff/src/main.ts', color: 32 },
];
if (existsSync(`${root}/apps/attacker/src/main.ts`)) {
  processes.push({ name: 'attacker', script: 'apps/attacker/src/main.ts', color: 31 });
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1_500).unref();
  Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
        ),
    ),
  ).then(() => process.exit(code));
}

for (const { name, script, color } of processes) {
  const child = spawn(node, [script], {
    cwd: root,
    env: process.env,
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
  'start: open http://localhost:3000 (users alice/alice-pw, bob/bob-pw); Ctrl-C stops everything',
);
