// The `env` block of an IdP recipe (docs/idps/<name>.md), as the conformance matrix runs it
// against the dev IdP imitating that IdP: every setting as written, except the values that name
// one site (its issuer, client, keys, URLs, store and secrets).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const docs = fileURLToPath(new URL('../../../../docs/idps/', import.meta.url));

/** The recipe's one ```env block as variables; throws when there is not exactly one. */
export function readRecipeEnv(name: string): Record<string, string> {
  const text = readFileSync(`${docs}${name}.md`, 'utf8');
  const blocks = [...text.matchAll(/^```env\n([\s\S]*?)^```$/gm)];
  if (blocks.length !== 1) throw new Error(`docs/idps/${name}.md has ${blocks.length} env blocks`);
  const env: Record<string, string> = {};
  for (const line of blocks[0]![1]!.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals < 1) throw new Error(`docs/idps/${name}.md: not KEY=value: ${trimmed}`);
    env[trimmed.slice(0, equals)] = trimmed.slice(equals + 1);
  }
  return env;
}

/** Variables whose recipe values name the reader's own site; the dev stack supplies its own. */
export const siteVariables = [
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_CLIENT_KEY_FILE',
  'PUBLIC_URL',
  'API_UPSTREAM',
  'SESSION_STORE',
  'SESSION_SECRET',
] as const;

/**
 * The recipe's settings for a run against the dev IdP at `idpOrigin`: site variables dropped,
 * a logout URL template moved onto the dev IdP's origin (its path and query kept), and an
 * `audience` pointed at the sample API's (a recipe names the reader's API there).
 */
export function recipeSettings(
  recipe: Record<string, string>,
  site: { idpOrigin: string; apiAudience: string },
): Record<string, string> {
  const settings = Object.fromEntries(
    Object.entries(recipe).filter(([name]) => !(siteVariables as readonly string[]).includes(name)),
  );
  if (settings.OIDC_END_SESSION_URL) {
    const template = settings.OIDC_END_SESSION_URL;
    const pathStart = template.indexOf('/', template.indexOf('//') + 2);
    settings.OIDC_END_SESSION_URL = site.idpOrigin + template.slice(pathStart);
  }
  if (settings.OIDC_AUTHORIZATION_PARAMS) {
    const params = new URLSearchParams(settings.OIDC_AUTHORIZATION_PARAMS);
    if (params.has('audience')) params.set('audience', site.apiAudience);
    settings.OIDC_AUTHORIZATION_PARAMS = params.toString();
  }
  return settings;
}
