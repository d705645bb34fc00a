#!/usr/bin/env -S node --expose-gc
/**
 * `cloakroom-server`: the published entry point of this package (`npx cloakroom-server`), which
 * is `main.ts` itself: the env parsed by `loadConfig` (`SPA_DIR` names the user's built SPA),
 * `/healthz`, `/readyz`, `/metrics`. `cloakroom-server doctor [--issuer <url>]` checks an IdP
 * instead; it is dispatched before main.ts is imported, since importing it starts the server.
 *
 * The shebang passes `--expose-gc` (for main.ts's external-memory governor) through `env -S`,
 * which coreutils 8.30+ (Debian 10+) and macOS support.
 */
if (process.argv[2] === 'doctor') {
  const { runDoctor } = await import('./doctor/run-doctor.ts');
  process.exitCode = await runDoctor(process.argv.slice(3), process.env);
} else {
  await import('./main.ts');
}
