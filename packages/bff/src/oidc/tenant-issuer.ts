import * as client from 'openid-client';

/**
 * A discovered issuer that is a tenant template (Entra ID's multi-tenant
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, served for `/organizations/v2.0` or
 * `/common/v2.0`) on the configured issuer's origin, or undefined for any other issuer.
 */
export function tenantTemplateFor(configured: URL, discovered: unknown): string | undefined {
  if (typeof discovered !== 'string') return undefined;
  if (discovered.split('{tenantid}').length !== 2) return undefined;
  const filled = discovered.replace('{tenantid}', 'tenant');
  return URL.canParse(filled) && new URL(filled).origin === configured.origin
    ? discovered
    : undefined;
}

/**
 * An issuer URL that openid-client treats as Entra ID's. openid-client accepts the `{tenantid}`
 * template, and checks each ID token's `iss` against it filled in with the token's `tid`, only for
 * the origin `https://login.microsoftonline.com`. The same template is served by Entra's national
 * clouds and custom domains (and by the dev IdP's `entra` profile), so for an issuer whose
 * discovery document proved to be a template on its own origin, the origin is presented as
 * Entra's. Only openid-client's Entra test reads `origin`: requests use `href`.
 */
function asTenantTemplateIssuer(issuer: URL): URL {
  const presented = new URL(issuer.href);
  Object.defineProperty(presented, 'origin', { value: 'https://login.microsoftonline.com' });
  return presented;
}

/**
 * Discovers `issuer`; when the IdP answers with a tenant template instead of the issuer itself,
 * discovers again accepting that template (and nothing else).
 */
export async function discoverTenantIssuer(
  issuer: URL,
  discover: (server: URL) => Promise<client.Configuration>,
): Promise<client.Configuration> {
  try {
    return await discover(issuer);
  } catch (error) {
    const cause = (error as { cause?: { attribute?: unknown; body?: { issuer?: unknown } } }).cause;
    const isMismatch =
      error instanceof client.ClientError &&
      error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' &&
      cause?.attribute === 'issuer';
    const template = isMismatch ? tenantTemplateFor(issuer, cause.body?.issuer) : undefined;
    if (!template) throw error;
    // openid-client accepts any issuer for the presented origin: the second answer must name
    // the very template the first one did.
    const configuration = await discover(asTenantTemplateIssuer(issuer));
    if (configuration.serverMetadata().issuer !== template) throw error;
    return configuration;
  }
}
