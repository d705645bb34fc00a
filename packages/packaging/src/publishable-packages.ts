import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A workspace package that is published: every one whose package.json is not `private`. */
export interface PublishablePackage {
  name: string;
  version: string;
  dir: string;
}

/**
 * The packages the release publishes, found in `apps/*` and `packages/*`. A new package (say,
 * one more adapter) joins the checks, the consumer test and the release by dropping `private`.
 *
 * @example
 * publishablePackages('/work/main').map((p) => p.name); // ['@cloakroom/server', '@cloakroom/bff', …]
 */
export function publishablePackages(root: string): PublishablePackage[] {
  const found: PublishablePackage[] = [];
  for (const group of ['apps', 'packages']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, group, entry.name);
      let manifest: { name: string; version: string; private?: boolean };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir });
    }
  }
  return found.toSorted((a, b) => a.name.localeCompare(b.name));
}
