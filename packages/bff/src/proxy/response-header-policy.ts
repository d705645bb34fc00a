/**
 * What an upstream's answer may say to the browser. Everything under `/api` is served on the
 * app's own origin, so a header the browser applies to the whole origin lets the upstream act
 * on the app: wipe its session cookie (`Clear-Site-Data`), open it to other sites (CORS), pin
 * it (`Strict-Transport-Security`, `Public-Key-Pins`), move its traffic (`Alt-Svc`), navigate or
 * preload (`Refresh`, `Link`, `Speculation-Rules`), watch it (`NEL`, `Report-To`), change how
 * its pages load (`Origin-Agent-Cluster`, `Service-Worker-Allowed`, `Supports-Loading-Mode`,
 * `Accept-CH`) or its login state (`Set-Login`), or prompt for a password in its name
 * (`WWW-Authenticate: Basic`). Those never pass. Headers that only restrict
 * the one answer they come with (`X-Frame-Options`, `Cross-Origin-*-Policy`, `Permissions-Policy`)
 * pass, and the BFF's own security headers are set over the upstream's.
 *
 * A page the upstream serves (HTML, SVG, XML) would run its script with the app's origin and
 * reach `/api` with the user's session; it gets {@link upstreamDocumentCsp} instead of its own
 * CSP, which sandboxes it into an opaque origin with nothing loaded or run.
 */

/** Dropped by exact (lower-case) name. */
const refusedNames = new Set([
  'set-cookie',
  'set-cookie2',
  'clear-site-data',
  'timing-allow-origin',
  'strict-transport-security',
  'public-key-pins',
  'public-key-pins-report-only',
  'expect-ct',
  'refresh',
  'alt-svc',
  'origin-agent-cluster',
  'service-worker-allowed',
  'set-login',
  'supports-loading-mode',
  'speculation-rules',
  'accept-ch',
  'accept-ch-lifetime',
  'critical-ch',
  'nel',
  'report-to',
  'reporting-endpoints',
]);

/** Dropped by prefix: the CORS family (the app's origin opens itself to nobody through /api). */
const refusedPrefixes = ['access-control-'];

/**
 * `Link` relations that make the browser fetch, connect or install something for the app's
 * origin. Any other relation (`next`, `prev`, `describedby`, ...) is data for the SPA.
 */
const actingLinkRelation =
  /\brel\s*=\s*"?[^";,]*\b(?:preload|modulepreload|prefetch|preconnect|dns-prefetch|prerender|stylesheet|serviceworker|icon|manifest|expect|compression-dictionary)\b/i;

/**
 * Authentication schemes for which a browser shows its own password prompt on a `401`, under the
 * app's origin: an upstream could phish with it. Bearer and DPoP challenges are data for the SPA.
 * (A match inside a quoted parameter only drops the header: the safe side.)
 */
const promptingScheme = /(?:^|,)\s*(?:basic|digest|negotiate|ntlm)(?:\s|,|$)/i;

/**
 * Whether an upstream response header must not reach the browser.
 *
 * @example
 * isRefusedResponseHeader('clear-site-data', '"cookies"'); // true
 * isRefusedResponseHeader('link', '</notes?page=2>; rel="next"'); // false
 */
export function isRefusedResponseHeader(name: string, value: string | string[]): boolean {
  const lower = name.toLowerCase();
  if (refusedNames.has(lower)) return true;
  if (refusedPrefixes.some((prefix) => lower.startsWith(prefix))) return true;
  const values = Array.isArray(value) ? value : [value];
  if (lower === 'link') return values.some((v) => actingLinkRelation.test(v));
  if (lower === 'www-authenticate') return values.some((v) => promptingScheme.test(v));
  return false;
}

/**
 * The CSP every upstream answer that a browser could render as a document with script gets in
 * place of the upstream's: nothing loads, nothing runs, an opaque origin, no framing.
 */
export const upstreamDocumentCsp =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/**
 * Media types a browser shows with a built-in viewer that runs no page script of the answer's
 * origin (a sandbox CSP would only break their viewer, as it does Chromium's PDF viewer).
 */
const inertViewerType = /^(?:image\/(?!svg)|audio\/|video\/|application\/pdf$)/;

/**
 * Whether an answer of this `Content-Type` gets {@link upstreamDocumentCsp}: everything but the
 * inert viewer types. JSON and text never render as script (`nosniff`), so the policy costs
 * them nothing, and a missing or odd type is treated as a document.
 *
 * @example
 * needsDocumentCsp('text/html; charset=utf-8'); // true
 * needsDocumentCsp('image/png'); // false
 */
export function needsDocumentCsp(contentType: string | string[] | undefined): boolean {
  const type = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  return !inertViewerType.test(type.split(';')[0]!.trim().toLowerCase());
}
