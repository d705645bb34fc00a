// `pnpm bench`: the harness lives in packages/bench (a workspace package, so it can depend on
// @cloakroom/bff and autocannon); this entry only fixes where results go: bench/results/.
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, runBench } from '../packages/bench/src/index.ts';

const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
await runBench(parseBenchArgs(process.argv.slice(2), resultsDir));
