import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { packPackages, type PackedPackage } from '../src/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedPackage[];
  }
}

/**
 * Global setup of the `packaging` project: builds and packs every publishable package once,
 * into a temp dir outside the workspace, for the tarball checks and the consumer test.
 */
export default function packOnce(project: TestProject): () => void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const destination = mkdtempSync(join(tmpdir(), 'cloakroom-packs-'));
  project.provide('packed', packPackages(root, destination));
  return () => rmSync(destination, { recursive: true, force: true });
}
