import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackedPackage } from '../../src/index.ts';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const fixture = fileURLToPath(new URL('../../consumer', import.meta.url));

/** The workspace catalog's exact versions, so the consumer runs what the workspace tests. */
function catalogVersion(name: string): string {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const line = yaml.split('\n').find((l) => l.replace(/'/g, '').trim().startsWith(`${name}:`));
  if (!line) throw new Error(`${name} is not in the workspace catalog`);
  return line.slice(line.lastIndexOf(':') + 1).trim();
}

/**
 * A fresh project in a temp dir outside the workspace, as a user's: its own package.json with
 * the packed tarballs (`file:`) and everything else from the npm registry, installed by npm.
 * `overrides` make the packages' dependencies on each other resolve to the tarballs too.
 * Returns the directory and how long `npm install` took.
 */
export function createConsumerProject(packed: PackedPackage[]): { dir: string; installMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-consumer-'));
  cpSync(fixture, dir, { recursive: true });
  const tarballs = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  const fromCatalog = (names: string[]) =>
    Object.fromEntries(names.map((name) => [name, catalogVersion(name)]));
  const manifest = {
    name: 'cloakroom-consumer',
    private: true,
    type: 'module',
    dependencies: { ...tarballs, ...fromCatalog(['koa', 'msw', 'react', 'react-dom']) },
    devDependencies: fromCatalog([
      '@types/koa',
      '@types/node',
      '@types/react',
      '@types/react-dom',
      '@vitejs/plugin-react',
      'typescript',
      'vite',
    ]),
    overrides: Object.fromEntries(packed.map((p) => [p.name, `$${p.name}`])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const started = performance.now();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    stdio: 'pipe',
  });
  return { dir, installMs: performance.now() - started };
}

/**
 * The oldest Node the packages support (`engines`: >=22.13), installed once into the user's
 * cache with npm, as scripts/bootstrap.sh installs Node 24. Returns the `node` binary.
 */
export function installOldestNode(version = '22.13.0'): string {
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const prefix = join(cache, 'cloakroom', `node-${version}`);
  const node = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) {
    execFileSync('npm', ['i', '--prefix', prefix, '--no-audit', '--no-fund', `node@${version}`], {
      stdio: 'pipe',
    });
  }
  return node;
}
