/** What a route asks the IdP for: a token for this RFC 8707 resource and/or this scope. */
export interface TokenRequest {
  resource?: string | undefined;
  scope?: string | undefined;
}

/**
 * The name under which a session (or the client-credentials cache) keeps the token for a request:
 * `''` for the login's own token (no resource, no scope), else resource and scope joined by a
 * space — a character neither an absolute URI nor a scope token contains, so no two requests
 * share a slot.
 *
 * @example
 * tokenSlot({}); // ''
 * tokenSlot({ resource: 'urn:billing', scope: 'billing' }); // 'urn:billing billing'
 */
export function tokenSlot(request: TokenRequest): string {
  if (request.resource === undefined && request.scope === undefined) return '';
  return `${request.resource ?? ''} ${request.scope ?? ''}`;
}
