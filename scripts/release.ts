/**
 * `pnpm release`: builds and packs every publishable package, runs publint and arethetypeswrong
 * on each tarball and the consumer test, and refuses (exit 1) when any of them fails or the
 * packages do not share one version. It never publishes: it prints what it would publish and
 * the commands that would do it. Publishing stays a deliberate step outside this repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTarball, packPackages, type PackedPackage } from '@cloakroom/packaging';

const root = fileURLToPath(new URL('..', import.meta.url));
const print = (line: string) => process.stdout.write(`${line}\n`);
const problems: string[] = [];

print('release: building and packing');
const packed = packPackages(root, mkdtempSync(join(tmpdir(), 'cloakroom-release-')));

const versions = new Set(packed.map((p) => p.version));
if (versions.size !== 1) {
  problems.push(`one version for all packages, found ${[...versions].join(', ')}`);
}

for (const p of packed) {
  for (const check of checkTarball(p.tarball)) {
    print(`release: ${check.ok ? 'ok  ' : 'FAIL'} ${check.tool} ${p.name}`);
    if (!check.ok) problems.push(`${check.tool} on ${p.name}:\n${check.output}`);
  }
}

print('release: consumer test (the tarballs installed in a fresh project, Node 24 and 22.13)');
const consumer = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--project', 'packaging', 'packages/packaging/test/consumer.test.ts'],
  { cwd: root, stdio: 'inherit' },
);
if (consumer.status !== 0) problems.push('the consumer test failed (its output is above)');

if (problems.length > 0) {
  console.error(`\nrelease: refusing to publish:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}

// Dependencies first, so that no published package ever names one that is not there yet.
const dependsOn = (p: PackedPackage) => {
  const manifest = JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@cloakroom/'));
};
const order: PackedPackage[] = [];
while (order.length < packed.length) {
  for (const p of packed) {
    if (!order.includes(p) && dependsOn(p).every((d) => order.some((o) => o.name === d))) {
      order.push(p);
    }
  }
}

print(`\nrelease: every check passed. Would publish, in this order (nothing was published):`);
for (const p of order) print(`  ${p.name}@${p.version}  ${p.tarball}`);
print('\nwith:');
for (const p of order) print(`  npm publish ${p.tarball} --access public`);
