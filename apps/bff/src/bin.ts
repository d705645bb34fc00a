#!/usr/bin/env -S node --expose-gc
/**
 * `cloakroom-server`: the published entry point of this package (`npx cloakroom-server`).
 * It is `main.ts` — the env parsed by `loadConfig`, `/healthz`, `/readyz`, `/metrics`, the SPA —
 * plus the one name the published package documents: `SPA_DIR`, the directory of the user's
 * built SPA. The workspace's own launchers keep passing `SPA_DIST`, which `loadConfig` reads;
 * when it learns `SPA_DIR` itself, this mapping goes.
 *
 * The shebang passes `--expose-gc` (for main.ts's external-memory governor) through `env -S`,
 * which coreutils 8.30+ (Debian 10+) and macOS support.
 */
if (process.env.SPA_DIR !== undefined && process.env.SPA_DIST === undefined) {
  process.env.SPA_DIST = process.env.SPA_DIR;
}

await import('./main.ts');
