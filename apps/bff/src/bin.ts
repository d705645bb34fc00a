#!/usr/bin/env -S node --expose-gc
/**
 * `cloakroom-server`: the published entry point of this package (`npx cloakroom-server`), which
 * is `main.ts` itself: the env parsed by `loadConfig` (`SPA_DIR` names the user's built SPA),
 * `/healthz`, `/readyz`, `/metrics`.
 *
 * The shebang passes `--expose-gc` (for main.ts's external-memory governor) through `env -S`,
 * which coreutils 8.30+ (Debian 10+) and macOS support.
 */
await import('./main.ts');
