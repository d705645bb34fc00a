// Tests name the sample APIs in routes before they listen: `{api}` is the default one,
// `{api:<name>}` another started with `apis: [{ name, audience }]`. Replaced here, once the URLs
// are known, for the library's routes and for the route files of the server and process modes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLACEHOLDER = /\{api(?::([^{}]*))?\}/g;

/**
 * `upstream` with every `{api}` and `{api:<name>}` replaced by that API's URL. A name the stack
 * did not start is a TypeError (a typo would otherwise send the route to an invalid URL).
 *
 * @example
 * ```ts
 * resolveUpstream('{api:billing}/v1', { api: 'http://127.0.0.1:4001', billing: 'http://127.0.0.1:4003' });
 * // 'http://127.0.0.1:4003/v1'
 * ```
 */
export function resolveUpstream(upstream: string, apiUrls: Record<string, string>): string {
  return upstream.replace(PLACEHOLDER, (_placeholder, name: string | undefined) => {
    const url = apiUrls[name ?? 'api'];
    if (url === undefined) {
      const known = Object.keys(apiUrls).join(', ') || 'none';
      throw new TypeError(`route upstream ${upstream}: no API named "${name ?? 'api'}" (${known})`);
    }
    return url;
  });
}

/** A route file written for `BFF_ROUTES`, and how to remove it. */
export interface RoutesFile {
  path: string;
  remove(): void;
}

/**
 * Writes the contract's JSON route objects, with their `upstream`s resolved, to a file of a
 * fresh temp directory: what `BFF_ROUTES` names in the server and process modes.
 *
 * @example
 * ```ts
 * const file = writeRoutesFile([{ path: '/api', upstream: '{api}', token: 'user' }], apiUrls);
 * env.BFF_ROUTES = file.path; // ... file.remove() on close
 * ```
 */
export function writeRoutesFile(
  routes: readonly unknown[],
  apiUrls: Record<string, string>,
): RoutesFile {
  const resolved = routes.map((route) => {
    if (typeof route !== 'object' || route === null) return route;
    const { upstream } = route as { upstream?: unknown };
    return typeof upstream === 'string'
      ? { ...route, upstream: resolveUpstream(upstream, apiUrls) }
      : route;
  });
  const dir = mkdtempSync(join(tmpdir(), 'cloakroom-routes-'));
  const path = join(dir, 'routes.json');
  writeFileSync(path, `${JSON.stringify(resolved, null, 2)}\n`);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
