// `pnpm start:api`: the sample API configured from the environment (see the contract).
import { runServer } from '@cloakroom/http-server';
import { startApi } from './start-api.ts';

function readEnv(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const rawPort = env.API_PORT || '4001';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`API_PORT: expected an integer in 0..65535, got ${JSON.stringify(rawPort)}`);
  }
  const issuer = env.OIDC_ISSUER || 'http://127.0.0.1:4000';
  if (!URL.canParse(issuer))
    problems.push(`OIDC_ISSUER: expected a URL, got ${JSON.stringify(issuer)}`);
  const audience = env.API_AUDIENCE || 'api';
  const rawNonce = env.API_DPOP_NONCE ?? '';
  if (!['', 'true', 'false'].includes(rawNonce)) {
    problems.push(`API_DPOP_NONCE: expected true or false, got ${JSON.stringify(rawNonce)}`);
  }
  const dpopNonce = rawNonce === 'true';
  if (problems.length) {
    console.error(`api: invalid environment:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return { port, issuer, audience, dpopNonce };
}

const config = readEnv(process.env);
await runServer(
  'api',
  config.port,
  () => startApi(config),
  (api) =>
    `sample API listening on ${api.url} (issuer ${config.issuer}, audience ${config.audience}` +
    (config.dpopNonce ? ', DPoP nonces required)' : ')'),
);
