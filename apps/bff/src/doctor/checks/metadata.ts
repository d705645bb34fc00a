/** A discovery document as read: any JSON object. The helpers read its fields defensively. */
export type Metadata = Record<string, unknown>;

/**
 * A string field, or undefined when absent or not a string.
 *
 * @example
 * stringField({ token_endpoint: 'https://idp/token' }, 'token_endpoint'); // 'https://idp/token'
 */
export function stringField(metadata: Metadata, name: string): string | undefined {
  const value = metadata[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A list field's strings, or undefined when the field is absent (so the spec's default applies).
 *
 * @example
 * listField({ scopes_supported: ['openid'] }, 'scopes_supported'); // ['openid']
 */
export function listField(metadata: Metadata, name: string): string[] | undefined {
  const value = metadata[name];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Plain http is acceptable only on these hosts: a development IdP on this machine.
 *
 * @example
 * isLoopback(new URL('http://127.0.0.1:4000')); // true
 */
export function isLoopback(url: URL): boolean {
  return loopbackHosts.has(url.hostname);
}
