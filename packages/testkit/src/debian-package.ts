import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian packages some tests need, each with the binary that shows it is installed. */
const binaries = {
  chromium: 'chromium',
  'redis-server': 'redis-server',
  nginx: 'nginx',
} as const;

export type DebianPackage = keyof typeof binaries;

/**
 * Where a package's binary is: on PATH or in Debian's own directories (`/usr/sbin` is not on a
 * non-root user's PATH, yet nginx lives there). `CHROMIUM_PATH` overrides Chromium's.
 *
 * @example
 * const nginx = findDebianBinary('nginx'); // '/usr/sbin/nginx' or undefined
 */
export function findDebianBinary(name: DebianPackage): string | undefined {
  const override = name === 'chromium' ? process.env.CHROMIUM_PATH : undefined;
  const candidates = override
    ? [override]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin']
        .filter(Boolean)
        .map((dir) => join(dir, binaries[name]));
  return candidates.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests that need a Debian package can run. Missing on a developer's machine: a loud
 * warning, a line in the run's skip record (`CLOAKROOM_SKIP_RECORD`, which `npm test` reads
 * back at the end), and `false`, so the caller skips. Missing in CI (`CI` set): an error, so the
 * run fails instead of passing without the tests that matter.
 *
 * @example
 * describe.skipIf(!requireDebianPackage('nginx', 'the scale-out test'))('scale-out', () => { ... });
 */
export function requireDebianPackage(name: DebianPackage, what: string): boolean {
  if (findDebianBinary(name)) return true;
  const message = `${name} is not installed: ${what} cannot run (apt-get install ${name})`;
  if (process.env.CI) throw new Error(`${message}; CI must have it`);
  console.warn(`\n!!! SKIPPED: ${message}\n`);
  const record = process.env.CLOAKROOM_SKIP_RECORD;
  if (record) appendFileSync(record, `${JSON.stringify({ package: name, what })}\n`);
  return false;
}
