import type { DoctorClientConfig } from './client-config.ts';
import type { IdpDocuments } from './fetch-idp.ts';
import { fail, ok, type Finding } from './finding.ts';
import { checkClient } from './checks/client.ts';
import { checkCodeFlow, checkRefresh } from './checks/flow.ts';
import { checkHttps, checkIssuer } from './checks/issuer.ts';
import { checkKeys } from './checks/keys.ts';
import { checkLogout } from './checks/logout.ts';

/**
 * Everything the doctor says about an IdP for the configured client, in report order. Pure:
 * the documents were fetched before, so each check is tested with a hand-written document.
 *
 * @example
 * const findings = checkIdp(await fetchIdp(config.issuer), config);
 * const exitCode = findings.some((finding) => finding.level === 'fail') ? 1 : 0;
 */
export function checkIdp(documents: IdpDocuments, config: DoctorClientConfig): Finding[] {
  const { discovery } = documents;
  if (!discovery.ok) {
    const problem =
      discovery.kind === 'unreachable'
        ? `the IdP cannot be reached at ${discovery.url}: ${discovery.reason}`
        : `${discovery.url} is not a discovery document (${discovery.reason})`;
    return [fail('discovery', `discovery: ${problem}`)];
  }
  const metadata = discovery.body;
  return [
    ok('discovery', `discovery: ${discovery.url}`),
    ...checkIssuer(metadata, config.issuer),
    ...checkHttps(metadata, config.issuer),
    ...checkCodeFlow(metadata),
    ...checkKeys(metadata, documents.jwks),
    ...checkClient(metadata, config),
    ...checkRefresh(metadata, config),
    ...checkLogout(metadata, config),
  ];
}
