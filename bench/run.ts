// `pnpm bench`: the harness lives in packages/bench (a workspace package, so it can depend on
// @cloakroom/bff and autocannon); this entry only fixes where results go: bench/results/.
// It exits explicitly once the run is written: every server it started has been stopped by
// then, and an idle keep-alive socket of a library must not hold a finished run open.
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, runBench } from '../packages/bench/src/index.ts';

const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
try {
  await runBench(parseBenchArgs(process.argv.slice(2), resultsDir));
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
