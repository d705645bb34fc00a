import type { IncomingHttpHeaders } from 'node:http';
import { isRefusedRequestHeader } from './refused-request-headers.ts';
import {
  isRefusedResponseHeader,
  needsDocumentCsp,
  upstreamDocumentCsp,
} from './response-header-policy.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones this proxy owns. */
const dropAlways = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  // `Expect: 100-continue` is met by this hop: Node's server answers `100 Continue` itself (the
  // host registers no 'checkContinue'), and undici refuses to send the header at all, which
  // turned every such upload (curl's large bodies) into a 502. The upstream gets a plain request.
  'expect',
]);

/**
 * Never forwarded upstream: the browser's credentials and our CSRF marker (the re-routing and
 * client-identifying families are {@link isRefusedRequestHeader}'s).
 */
// `dpop`: the only proof an upstream gets is the BFF's own, made for the token it attaches.
const dropUpstream = new Set(['cookie', 'authorization', 'x-csrf', 'dpop']);

const noTokens: ReadonlySet<string> = new Set();

/** Header names listed in `Connection` (hop-by-hop by declaration). */
function connectionTokens(value: string | string[] | undefined): ReadonlySet<string> {
  // The common values name no header beyond the hop-by-hop ones dropped anyway.
  if (value === undefined || value === 'keep-alive' || value === 'close') return noTokens;
  const joined = Array.isArray(value) ? value.join(',') : value;
  return new Set(
    joined
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The headers sent upstream: the browser's, minus hop-by-hop, cookies, its Authorization, our
 * CSRF marker and every header that re-routes or re-identifies a request (X-Original-URL,
 * method overrides, X-Forwarded-*, Forwarded, the client-IP family), plus the route's access
 * token (when it has one) and the X-Forwarded-For/Proto/Host that we set ourselves.
 *
 * @example
 * upstreamHeaders(req.headers, { accessToken, clientIp, publicUrl });
 */
export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  extra: {
    accessToken: string | undefined;
    /** `DPoP` for a bound token (sent with `dpopProof`); Bearer otherwise. */
    tokenType?: 'DPoP' | undefined;
    dpopProof?: string | undefined;
    clientIp: string;
    publicUrl: URL;
  },
): Record<string, string | string[]> {
  const named = connectionTokens(incoming.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    if (dropAlways.has(name) || dropUpstream.has(name) || named.has(name)) continue;
    // Node lower-cases names; `_` spellings are caught too (some upstreams read `_` as `-`).
    if (isRefusedRequestHeader(name)) continue;
    out[name] = value;
  }
  if (extra.accessToken !== undefined) {
    out.authorization = `${extra.tokenType ?? 'Bearer'} ${extra.accessToken}`;
  }
  if (extra.dpopProof !== undefined) out.dpop = extra.dpopProof;
  out['x-forwarded-for'] = extra.clientIp;
  out['x-forwarded-proto'] = extra.publicUrl.protocol.slice(0, -1);
  out['x-forwarded-host'] = extra.publicUrl.host;
  return out;
}

/**
 * The upstream's response headers the browser may see: none that acts on the app's origin
 * (see `response-header-policy.ts`), and our sandboxing CSP instead of the upstream's on
 * anything a browser could render as a page.
 *
 * @example
 * res.writeHead(status, { ...downstreamHeaders(upstream.headers), ...securityHeaders });
 */
export function downstreamHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const named = connectionTokens(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (dropAlways.has(lower) || named.has(lower) || isRefusedResponseHeader(lower, value)) {
      continue;
    }
    out[lower] = value;
  }
  if (needsDocumentCsp(out['content-type'])) {
    out['content-security-policy'] = upstreamDocumentCsp;
    delete out['content-security-policy-report-only'];
  }
  return out;
}
