import type { IdpClient, IdpOptions } from './types.ts';

/** {@link IdpOptions} with every default applied. */
export interface ResolvedIdpOptions {
  issuer: string;
  clients: IdpClient[];
  accessTokenTtlSeconds: number;
  audience: string;
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
  const resolved: ResolvedIdpOptions = {
    issuer: options.issuer,
    clients: options.clients,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    audience: options.audience ?? 'api',
  };
  if (!URL.canParse(resolved.issuer) || !/^https?:$/.test(new URL(resolved.issuer).protocol)) {
    problems.push(`issuer: expected an http(s) URL, got ${JSON.stringify(resolved.issuer)}`);
  }
  if (!Number.isInteger(resolved.accessTokenTtlSeconds) || resolved.accessTokenTtlSeconds < 1) {
    problems.push('accessTokenTtlSeconds: expected a positive integer');
  }
  if (!resolved.audience) problems.push('audience: expected a non-empty string');
  if (!Array.isArray(resolved.clients)) problems.push('clients: expected an array');
  else {
    resolved.clients.forEach((client, i) => {
      if (!client.clientId) problems.push(`clients.${i}.clientId: required`);
      if (!client.clientSecret) problems.push(`clients.${i}.clientSecret: required`);
      if (!client.redirectUris?.length) problems.push(`clients.${i}.redirectUris: required`);
    });
  }
  if (problems.length) throw new TypeError(`invalid IdP options:\n  ${problems.join('\n  ')}`);
  return resolved;
}
