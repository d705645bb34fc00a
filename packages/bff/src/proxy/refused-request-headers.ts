/**
 * Request headers that infrastructure in front of or inside an upstream trusts to re-route a
 * request or to say who sent it. A browser (or anything else that reaches the BFF) must never
 * be able to set them: IIS and Symfony route on `X-Original-URL`/`X-Rewrite-URL` past the route
 * table, frameworks honour a method override, and rate limits, audit logs and allow-lists read
 * the client-IP family. The BFF sets its own `X-Forwarded-For/Proto/Host` afterwards.
 *
 * A deny-list of families, not an allow-list of what may pass: the API behind the BFF is the
 * app's own, and its headers (`Idempotency-Key`, `If-Match`, `X-Request-Id`, ...) are its
 * business; see docs/decisions/010-proxy-header-deny-list.md.
 */

/** Refused by exact name (compared after {@link canonicalHeaderName}). */
const refusedNames = new Set([
  'forwarded',
  'x-forwarded',
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-client-ip',
  'true-client-ip',
  'x-real-ip',
  'x-cluster-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-originating-ip',
  'x-remote-ip',
  'x-remote-addr',
  'client-ip',
  'x-host',
]);

/** Refused by prefix: every member of these families, present or future. */
const refusedPrefixes = ['x-forwarded-', 'x-original-', 'x-envoy-', 'proxy-'];

/**
 * A header name as servers that compare loosely see it: lower-case, and `_` read as `-` (CGI,
 * PHP, WSGI/Django and Rack turn both into `HTTP_X_FORWARDED_FOR`, so `X_Forwarded_For` is
 * `X-Forwarded-For` to them).
 *
 * @example
 * canonicalHeaderName('X_Forwarded_For'); // 'x-forwarded-for'
 */
export function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

/**
 * Whether a request header is never forwarded upstream as the client sent it.
 *
 * @example
 * isRefusedRequestHeader('X-Original-URL'); // true
 * isRefusedRequestHeader('x_forwarded_prefix'); // true
 * isRefusedRequestHeader('idempotency-key'); // false
 */
export function isRefusedRequestHeader(name: string): boolean {
  const canonical = canonicalHeaderName(name);
  return (
    refusedNames.has(canonical) || refusedPrefixes.some((prefix) => canonical.startsWith(prefix))
  );
}
