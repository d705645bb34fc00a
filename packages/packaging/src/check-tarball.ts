import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One tool's verdict on one tarball. */
export interface TarballCheck {
  tool: 'publint' | 'attw';
  ok: boolean;
  output: string;
}

/** The tools are this package's dependencies: their bins, not whatever is on PATH. */
const bin = (name: string) =>
  fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/**
 * Runs both package linters on a packed tarball (never on the source directory, whose
 * package.json still points at `./src/*.ts`):
 * - publint `--strict`: the package.json fields against the files (warnings fail too);
 * - arethetypeswrong, `esm-only` profile: every `exports` entry resolves to types under
 *   `node16` and `bundler` resolution (CommonJS `require` is deliberately unsupported).
 *
 * @example
 * const failed = checkTarball(tarball).filter((check) => !check.ok);
 */
export function checkTarball(
  tarball: string,
  tools: TarballCheck['tool'][] = ['publint', 'attw'],
): TarballCheck[] {
  const args: Record<TarballCheck['tool'], string[]> = {
    publint: ['run', '--strict', tarball],
    attw: ['--profile', 'esm-only', '--no-emoji', '--no-color', '--format', 'ascii', tarball],
  };
  return tools.map((tool) => {
    const result = spawnSync(bin(tool), args[tool], { encoding: 'utf8' });
    return { tool, ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  });
}
