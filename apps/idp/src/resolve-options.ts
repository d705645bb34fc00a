import { organizationsIssuer, tenantIssuer } from './profiles/dev-tenant.ts';
import { resolveBehaviour } from './profiles/resolve-behaviour.ts';
import { resourceIndicatorProblem } from './resource-indicator.ts';
import type { IdpBehaviour, IdpClient, IdpOptions } from './types.ts';

/** {@link IdpOptions} with every default applied. */
export interface ResolvedIdpOptions {
  /** The provider's issuer: `options.issuer`, or its tenant issuer with `tenantIssuer`. */
  issuer: string;
  /** What a relying party is configured with (see `RunningIdp.bffIssuer`). */
  bffIssuer: string;
  clients: IdpClient[];
  accessTokenTtlSeconds: number;
  audience: string;
  /** The listed resource indicators (never the sample API's). */
  resources: string[];
  /** See {@link IdpOptions.dpopNonce}. */
  dpopNonce: boolean;
  behaviour: IdpBehaviour;
}

/**
 * Applies defaults and rejects bad options at construction with a TypeError naming each bad
 * field, so a misconfigured IdP fails at start-up, never at the first login.
 *
 * @example
 * ```ts
 * resolveOptions({ issuer: 'http://127.0.0.1:4000', clients: [] }).accessTokenTtlSeconds; // 300
 * ```
 */
export function resolveOptions(options: IdpOptions): ResolvedIdpOptions {
  const problems: string[] = [];
  const behaviour = resolveBehaviour(options.profile, options.behaviour);
  // With a tenant issuer, `options.issuer` is the IdP's base URL (login.microsoftonline.com).
  const base = options.issuer.replace(/\/+$/, '');
  const resolved: ResolvedIdpOptions = {
    issuer: behaviour.tenantIssuer ? tenantIssuer(base) : options.issuer,
    bffIssuer: behaviour.tenantIssuer ? organizationsIssuer(base) : options.issuer,
    clients: options.clients,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    audience: options.audience ?? 'api',
    resources: options.resources ?? [],
    dpopNonce: options.dpopNonce ?? false,
    behaviour,
  };
  if (!URL.canParse(options.issuer) || !/^https?:$/.test(new URL(options.issuer).protocol)) {
    problems.push(`issuer: expected an http(s) URL, got ${JSON.stringify(options.issuer)}`);
  } else if (behaviour.tenantIssuer && new URL(options.issuer).pathname !== '/') {
    problems.push('issuer: with tenantIssuer, expected the base URL without a path');
  }
  if (!Number.isInteger(resolved.accessTokenTtlSeconds) || resolved.accessTokenTtlSeconds < 1) {
    problems.push('accessTokenTtlSeconds: expected a positive integer');
  }
  if (typeof resolved.dpopNonce !== 'boolean') problems.push('dpopNonce: expected a boolean');
  if (!resolved.audience) problems.push('audience: expected a non-empty string');
  if (!Array.isArray(resolved.resources)) problems.push('resources: expected an array');
  else {
    resolved.resources.forEach((resource, i) => {
      const problem = resourceIndicatorProblem(resource);
      if (problem) problems.push(`resources.${i}: ${problem}`);
    });
  }
  if (!Array.isArray(resolved.clients)) problems.push('clients: expected an array');
  else {
    resolved.clients.forEach((client, i) => {
      if (!client.clientId) problems.push(`clients.${i}.clientId: required`);
      if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
        if (!client.jwksUri === !client.jwks) {
          problems.push(`clients.${i}: private_key_jwt needs exactly one of jwksUri and jwks`);
        }
      } else if (!client.clientSecret) problems.push(`clients.${i}.clientSecret: required`);
      if (!client.redirectUris?.length) problems.push(`clients.${i}.redirectUris: required`);
    });
  }
  if (problems.length) throw new TypeError(`invalid IdP options:\n  ${problems.join('\n  ')}`);
  return resolved;
}
