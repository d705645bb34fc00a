// `pnpm start` runs this: the CSRF demo's attacker page on http://127.0.0.1:4002, aimed at the
// BFF's public origin. Env: ATTACKER_PORT (default 4002); BFF_PUBLIC_URL, else the BFF's own
// PUBLIC_URL, else http://localhost:$PORT, as the BFF itself defaults (`pnpm start` passes one
// environment to every process).
import { runServer } from '@cloakroom/http-server';
import { startAttacker } from './start-attacker.ts';

function readEnv(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const rawPort = env.ATTACKER_PORT || '4002';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`ATTACKER_PORT: expected an integer in 0..65535, got ${JSON.stringify(rawPort)}`);
  }
  const bffUrl = env.BFF_PUBLIC_URL || env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`;
  if (!URL.canParse(bffUrl)) {
    problems.push(`BFF_PUBLIC_URL: expected a URL, got ${JSON.stringify(bffUrl)}`);
  }
  if (problems.length) {
    console.error(`attacker: invalid environment:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return { port, bffUrl };
}

const config = readEnv(process.env);
await runServer(
  'attacker',
  config.port,
  () => startAttacker(config),
  (attacker) => `attacker page (CSRF demo) on ${attacker.url}, aimed at ${config.bffUrl}`,
);
