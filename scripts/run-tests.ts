/**
 * `npm test` after its set-up: lint, typecheck, build, then every vitest project. Arguments go
 * to vitest (`npm test -- --project unit`). At the end it says which tests were skipped for a
 * missing Debian package (and how to install it), and prints one closing line,
 * `tests: N passed, N failed, N skipped`, so a run is never silently green.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cloakroom-test-'));
const skipRecord = join(scratch, 'skipped.jsonl');
const vitestReport = join(scratch, 'vitest.json');
const env = { ...process.env, CLOAKROOM_SKIP_RECORD: skipRecord };
/** Results go to stdout, where vitest's own report goes. */
const print = (line: string) => process.stdout.write(`${line}\n`);

function run(step: string, command: string, args: string[]): number {
  print(`\ntest: ${step}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status ?? 1;
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

let status = 0;
for (const [step, script] of [
  ['lint (prettier, oxlint)', 'lint'],
  ['typecheck (tsc in every package)', 'typecheck'],
  ['build (the SPA and its size budgets)', 'build'],
] as const) {
  status = run(step, 'pnpm', ['run', '--silent', script]);
  if (status !== 0) {
    console.error(`test: ${step} failed`);
    process.exit(status);
  }
}

status = run('vitest (unit, react, spa, integration, packaging, browser)', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
  ...process.argv.slice(2),
]);

const missing = new Map<string, Set<string>>();
for (const line of readLines(skipRecord)) {
  const { package: name, what } = JSON.parse(line) as { package: string; what: string };
  missing.set(name, (missing.get(name) ?? new Set()).add(what));
}
if (missing.size > 0) {
  print('\ntest: SKIPPED for missing Debian packages (run `npm test` as root to install them):');
  for (const [name, whats] of missing) print(`  ${name}: ${[...whats].join('; ')}`);
  print(`  install: apt-get install ${[...missing.keys()].join(' ')}`);
}

const report = readLines(vitestReport).join('\n');
if (report) {
  const counts = JSON.parse(report) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  print(
    `\ntests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests + counts.numTodoTests} skipped`,
  );
}
rmSync(scratch, { recursive: true, force: true });
process.exit(status);
