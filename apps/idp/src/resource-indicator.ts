import { API_RESOURCE } from './provider/api-resource.ts';

/**
 * What is wrong with `value` as a resource indicator the dev IdP can serve, or `undefined`.
 * RFC 8707 §2: an absolute URI without a fragment; the sample API's own indicator is already
 * served (with `aud` = its audience), so listing it again is a mistake.
 *
 * @example
 * ```ts
 * resourceIndicatorProblem('urn:cloakroom:billing'); // undefined
 * resourceIndicatorProblem('billing'); // 'expected an absolute URI, got "billing"'
 * ```
 */
export function resourceIndicatorProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return `expected an absolute URI, got ${JSON.stringify(value)}`;
  }
  if (value.includes('#')) return `expected no fragment, got ${JSON.stringify(value)}`;
  if (value === API_RESOURCE) {
    return `${API_RESOURCE} is the sample API's own resource, served without listing it`;
  }
  return undefined;
}
