// `pnpm start:idp`: the dev IdP configured from the environment (see the contract's Dev IdP).
import { bffClient } from './bff-client.ts';
import { runServer } from '@cloakroom/http-server';
import { startIdp } from './start-idp.ts';

function readEnv(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: expected an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  const url = (name: string, fallback: string) => {
    const value = env[name] || fallback;
    if (!URL.canParse(value))
      problems.push(`${name}: expected a URL, got ${JSON.stringify(value)}`);
    return value;
  };
  const port = integer('IDP_PORT', 4000, 0, 65535);
  const config = {
    port,
    // The contract's issuer is exactly http://127.0.0.1:4000 with the default port.
    issuer: url('IDP_ISSUER', `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    accessTokenTtlSeconds: integer('IDP_ACCESS_TOKEN_TTL', 300, 1, 86_400),
    bffPublicUrl: url('BFF_PUBLIC_URL', 'http://localhost:3000'),
    clientId: env.OIDC_CLIENT_ID || 'cloakroom-bff',
    clientSecret: env.OIDC_CLIENT_SECRET || 'cloakroom-dev-secret',
  };
  if (problems.length) {
    console.error(`idp: invalid environment:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return config;
}

const config = readEnv(process.env);
await runServer(
  'idp',
  config.port,
  () =>
    startIdp({
      port: config.port,
      issuer: config.issuer,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      clients: [bffClient(config.bffPublicUrl, config.clientId, config.clientSecret)],
    }),
  (idp) => `dev IdP listening on ${idp.url} (issuer ${idp.issuer})`,
);
