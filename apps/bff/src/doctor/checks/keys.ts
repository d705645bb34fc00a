import type { Fetched } from '../fetch-json.ts';
import { fail, ok, type Finding } from '../finding.ts';
import { listField, type Metadata } from './metadata.ts';

/** The ID token algorithms the BFF verifies (asymmetric only: the client secret signs nothing). */
export const acceptedIdTokenAlgs = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/** The accepted algorithms a JWK can verify: its `alg` if it names one, else by key type. */
function algsOfKey(key: Record<string, unknown>): string[] {
  if (key.use !== undefined && key.use !== 'sig') return [];
  if (typeof key.alg === 'string') return [key.alg];
  if (key.kty === 'RSA') return ['RS256', 'PS256'];
  if (key.kty === 'EC' && key.crv === 'P-256') return ['ES256'];
  if (key.kty === 'OKP' && key.crv === 'Ed25519') return ['EdDSA'];
  return [];
}

/**
 * ID tokens must be signed with an algorithm the BFF accepts, by a key in the JWKS. Only the
 * keys' public parameters are looked at; nothing of them is printed.
 *
 * @example
 * checkKeys({ id_token_signing_alg_values_supported: ['RS256'] }, jwks); // [ok id_token_alg, ok jwks]
 */
export function checkKeys(metadata: Metadata, jwks: Fetched | undefined): Finding[] {
  const findings: Finding[] = [];
  const published = listField(metadata, 'id_token_signing_alg_values_supported');
  let algs: string[] = [...acceptedIdTokenAlgs];
  if (published !== undefined) {
    algs = algs.filter((alg) => published.includes(alg));
    findings.push(
      algs.length === 0
        ? fail(
            'id_token_alg',
            `ID token algorithms: the IdP signs with ${published.join(', ') || 'none'}; Cloakroom accepts ${acceptedIdTokenAlgs.join(', ')}`,
          )
        : ok('id_token_alg', `ID token algorithms: ${algs.join(', ')}`),
    );
    if (algs.length === 0) return findings;
  }
  // A missing or unparsable jwks_uri has failed already, among the endpoints.
  if (jwks === undefined) return findings;
  if (!jwks.ok) {
    findings.push(fail('jwks', `JWKS: ${jwks.url} cannot be read (${jwks.reason})`));
    return findings;
  }
  const keys = Array.isArray(jwks.body.keys) ? (jwks.body.keys as unknown[]) : undefined;
  if (keys === undefined) {
    findings.push(fail('jwks', `JWKS: ${jwks.url} has no "keys" array`));
    return findings;
  }
  const usable = keys.filter(
    (key) =>
      typeof key === 'object' &&
      key !== null &&
      algsOfKey(key as Record<string, unknown>).some((alg) => algs.includes(alg)),
  );
  findings.push(
    usable.length === 0
      ? fail(
          'jwks',
          `JWKS: none of its ${keys.length} keys can verify ${algs.join(', ')}, so no ID token can be checked`,
        )
      : ok('jwks', `JWKS: ${usable.length} of ${keys.length} keys usable for ID tokens`),
  );
  return findings;
}
