import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The shell of a built SPA, enough for the server to answer `/` and client-side routes. */
export const stubSpa = { 'index.html': '<!doctype html><title>Cloakroom</title>' };

/**
 * Writes `files` (relative path → text) into a fresh temp directory for `SPA_DIR`.
 *
 * @example
 * const spa = writeSpaDist({ 'index.html': '<!doctype html>', 'assets/app-1.js': '' });
 * spa.remove();
 */
export function writeSpaDist(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-spa-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
