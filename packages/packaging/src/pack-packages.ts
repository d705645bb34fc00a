import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { publishablePackages, type PublishablePackage } from './publishable-packages.ts';

/** A packed package: what `npm publish <tarball>` would upload. */
export interface PackedPackage extends PublishablePackage {
  tarball: string;
}

/**
 * Builds every publishable package (their `build` scripts, in dependency order) and packs each
 * with `pnpm pack` into `destination`, so `workspace:` and `catalog:` versions and the
 * `publishConfig` fields are replaced exactly as `pnpm publish` would replace them.
 *
 * @example
 * const packed = packPackages(root, mkdtempSync(join(tmpdir(), 'packs-')));
 */
export function packPackages(root: string, destination: string): PackedPackage[] {
  const packages = publishablePackages(root);
  const filters = packages.flatMap((p) => ['--filter', p.name]);
  execFileSync('pnpm', [...filters, 'run', 'build'], { cwd: root, stdio: 'pipe' });
  return packages.map((p) => {
    const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: p.dir,
      encoding: 'utf8',
    });
    const { filename } = JSON.parse(out) as { filename: string };
    return { ...p, tarball: filename.startsWith('/') ? filename : join(destination, filename) };
  });
}
