// `pnpm start:idp`: the dev IdP configured from the environment (see the contract's Dev IdP).
import { readFileSync } from 'node:fs';
import { bffClient, bffPkjwtClient } from './bff-client.ts';
import { runServer } from '@cloakroom/http-server';
import { IDP_PROFILE_NAMES } from './profiles/idp-profiles.ts';
import { isIdpProfileName } from './profiles/resolve-behaviour.ts';
import { resourceIndicatorProblem } from './resource-indicator.ts';
import { startIdp } from './start-idp.ts';
import type { IdpClient, IdpProfileName } from './types.ts';

/** The public keys of the private_key_jwt client from a JWKS (or single JWK) JSON file. */
function readJwksFile(file: string, problems: string[]): IdpClient['jwks'] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown };
    const keys = Array.isArray(parsed.keys) ? parsed.keys : [parsed];
    // Only public members reach the IdP, whatever the file holds.
    const publicOnly = keys.map((key: Record<string, unknown>) => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = key;
      return rest;
    });
    return { keys: publicOnly };
  } catch (err) {
    problems.push(
      `IDP_PKJWT_JWKS_FILE: cannot read a JWKS from ${JSON.stringify(file)} (${err instanceof Error ? err.message : String(err)})`,
    );
    return undefined;
  }
}

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
  const profile = env.IDP_PROFILE || 'default';
  if (!isIdpProfileName(profile)) {
    problems.push(
      `IDP_PROFILE: expected one of ${IDP_PROFILE_NAMES.join(', ')}, got ${JSON.stringify(profile)}`,
    );
  }
  // Comma-separated absolute URIs; blanks around commas (and a trailing comma) are forgiven.
  const resources = (env.IDP_RESOURCES ?? '')
    .split(',')
    .map((resource) => resource.trim())
    .filter(Boolean);
  for (const resource of resources) {
    const problem = resourceIndicatorProblem(resource);
    if (problem) problems.push(`IDP_RESOURCES: ${problem}`);
  }
  const dpopNonce = env.IDP_DPOP_NONCE ?? '';
  if (!['', 'true', 'false'].includes(dpopNonce)) {
    problems.push(`IDP_DPOP_NONCE: expected true or false, got ${JSON.stringify(dpopNonce)}`);
  }
  const jwksFile = env.IDP_PKJWT_JWKS_FILE;
  const pkjwtJwks = jwksFile ? readJwksFile(jwksFile, problems) : undefined;
  const config = {
    port,
    // The contract's issuer is exactly http://127.0.0.1:4000 with the default port.
    issuer: url('IDP_ISSUER', `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    accessTokenTtlSeconds: integer('IDP_ACCESS_TOKEN_TTL', 300, 1, 86_400),
    bffPublicUrl: url('BFF_PUBLIC_URL', 'http://localhost:3000'),
    clientId: env.OIDC_CLIENT_ID || 'cloakroom-bff',
    clientSecret: env.OIDC_CLIENT_SECRET || 'cloakroom-dev-secret',
    profile: profile as IdpProfileName,
    resources,
    dpopNonce: dpopNonce === 'true',
    pkjwtJwks,
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
      profile: config.profile,
      resources: config.resources,
      dpopNonce: config.dpopNonce,
      clients: [
        bffClient(config.bffPublicUrl, config.clientId, config.clientSecret),
        bffPkjwtClient(config.bffPublicUrl, config.pkjwtJwks ? { jwks: config.pkjwtJwks } : {}),
      ],
    }),
  (idp) =>
    `dev IdP listening on ${idp.url} (issuer ${idp.issuer}, profile ${config.profile}` +
    (config.resources.length ? `, resources ${config.resources.join(' ')}` : '') +
    (config.dpopNonce ? ', DPoP nonces required' : '') +
    (idp.bffIssuer === idp.issuer ? ')' : `; configure the BFF with OIDC_ISSUER=${idp.bffIssuer})`),
);
